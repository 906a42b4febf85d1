import ProtocolDSL

/// A liveness counterexample: a fair infinite execution, as a stem from an initial state and a
/// loop that returns to the stem's last state and repeats forever.
public struct Lasso: Sendable, Equatable {
    /// The property violated.
    public let property: String
    /// The clause's instantiation (`thread[1]`), empty for an unquantified property.
    public let instantiation: String
    /// The execution: the stem's steps, then the loop's once; `trace.loopStart` is the stem's
    /// length, and the state after the last step is the state at `loopStart` again (with an
    /// empty loop, the execution stays in its last state forever: nothing can move there).
    public let trace: Trace

    /// The number of steps before the loop.
    public var stemLength: Int { trace.loopStart ?? trace.steps.count }
    /// The number of steps of the loop (0: the execution stutters in its last state).
    public var loopLength: Int { trace.steps.count - stemLength }
}

/// What the liveness search found for one property.
public enum LivenessOutcome: Sendable, Equatable {
    /// A fair execution violates the property (the first clause found violated).
    case violated(Lasso)
    /// Every fair execution satisfies it: every reachable state (`states` of them) was explored.
    case holds(states: Int)
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
