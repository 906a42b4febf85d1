import ProtocolDSL

/// What the liveness search found for one property.
public enum LivenessOutcome: Sendable, Equatable {
    /// A fair execution violates the property (the first clause found violated).
    case violated(Lasso)
    /// Every fair execution satisfies it: every reachable state (`states` of them) was explored.
    case holds(states: Int)
    /// Every fair execution satisfies it, shown symbolically (`how`: by which engine and argument).
    case proved(how: String)
    /// The search could not finish within its limits.
    case unknown(reason: String)
}

/// One liveness property and its outcome.
public struct LivenessResult: Sendable, Equatable {
    /// The property's name.
    public let property: String
    /// What the search found.
    public let outcome: LivenessOutcome
}
