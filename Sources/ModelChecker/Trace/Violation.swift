/// What kind of property an execution breaks.
public enum ViolationKind: String, Sendable, Codable {
    /// A named invariant is false.
    case invariant
    /// No process can move although some has not terminated.
    case deadlock
    /// A lock was released by an instance that does not hold it.
    case lockMisuse = "lock misuse"
    /// An array index was out of bounds.
    case outOfBounds = "out of bounds"
    /// A step's `Assert` failed.
    case assertion
    /// A fair infinite execution (a lasso) breaks a liveness property.
    case liveness
}

/// A violation at the end of a trace.
public struct Violation: Sendable, Equatable {
    /// The kind.
    public let kind: ViolationKind
    /// The invariant's name, or for other kinds a short name of the kind.
    public let name: String
    /// One line: what is wrong.
    public let message: String
}
