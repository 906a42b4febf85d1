/// An error reported by Z3 or by the Swift layer over it.
public struct SMTError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Z3's error code name (for example `Z3_SORT_ERROR`), or `"mmuspec"` for errors of this layer.
    public let code: String
    /// Z3's message, or this layer's.
    public let message: String

    /// Creates an error from a code name and a message.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "Z3 error (\(code)): \(message)" }
}
