/// The flag and parameter values a model is instantiated with.
public struct Configuration: Sendable, Equatable {
    /// Flag values by name.
    public var flags: [String: String]
    /// Parameter values by name.
    public var parameters: [String: Int]
    /// The preset the values started from, if any.
    public var preset: String?

    /// Creates a configuration.
    public init(flags: [String: String], parameters: [String: Int], preset: String?) {
        self.flags = flags
        self.parameters = parameters
        self.preset = preset
    }
}

/// What a model's body reads while it is built: flag and parameter values.
///
/// Reading an undeclared flag or parameter is recorded and reported as a model error.
public final class ModelContext {
    /// The values in force.
    public let configuration: Configuration
    var problems: [(kind: ModelError.Kind, message: String)] = []

    init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The value of a Boolean flag.
    public func flag(_ name: String) -> Bool {
        guard let v = configuration.flags[name] else {
            problems.append((.unknownFlag, "the model reads undeclared flag '\(name)'"))
            return false
        }
        return v == "true"
    }

    /// The value of an enumeration flag.
    public func choice(_ name: String) -> String {
        guard let v = configuration.flags[name] else {
            problems.append((.unknownFlag, "the model reads undeclared flag '\(name)'"))
            return ""
        }
        return v
    }

    /// A lock mode read from a `read|write` flag.
    public func lockMode(_ name: String) -> LockMode {
        choice(name) == "write" ? .exclusive : .shared
    }

    /// The value of an integer parameter.
    public func param(_ name: String) -> Int {
        guard let v = configuration.parameters[name] else {
            problems.append((.unknownParameter, "the model reads undeclared parameter '\(name)'"))
            return 1
        }
        return v
    }
}
