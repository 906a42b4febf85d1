import Foundation

/// Stable JSON: sorted keys, pretty-printed, no escaped slashes.
public enum JSONOutput {
    /// `value` as stable JSON.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
