import Foundation

/// A generated source file: its name (no directory) and its text.
public struct GeneratedFile: Sendable, Equatable {
    /// The file's name, e.g. `ApicAccessZap_ZapReadLock_CE1Tests.swift`.
    public var name: String
    /// The file's text.
    public var contents: String

    /// Creates a file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }

    /// Whether `text` is a file this tool generated (it starts with the generated marker).
    public static func isGenerated(_ text: String) -> Bool {
        text.hasPrefix(ReplayTestEmitter.marker)
    }
}
