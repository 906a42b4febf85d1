/// A mistake in a model or in the flags and parameters it was given; `description` is one line.
public struct ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of mistake it is.
    public enum Kind: String, Sendable {
        case unknownLabel = "unknown label"
        case duplicateLabel = "duplicate label"
        case typeMismatch = "type mismatch"
        case unknownVariable = "unknown variable"
        case duplicateName = "duplicate name"
        case unknownFlag = "unknown flag"
        case flagValue = "flag value out of its domain"
        case unknownParameter = "unknown parameter"
        case parameterValue = "parameter out of range"
        case unknownPreset = "unknown variant"
        case unknownModel = "unknown model"
        case unknownLock = "unknown lock"
        case unknownProperty = "unknown property"
        case emptyModel = "empty model"
        case invalid = "invalid model"
    }

    /// The kind of mistake.
    public let kind: Kind
    /// What is wrong, and where useful, what is valid.
    public let message: String
    /// Where it was written, when known.
    public let location: SourceLocation?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    /// One line: where, what kind, what is wrong (the kind is not repeated when the message starts with it).
    public var description: String {
        let text = message.hasPrefix(kind.rawValue) ? message : "\(kind.rawValue): \(message)"
        if let l = location { return "\(l): \(text)" }
        return text
    }
}
