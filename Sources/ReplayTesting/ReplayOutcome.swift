import Interleaving

/// What one replay of a schedule on a target showed.
public struct ReplayOutcome: Sendable {
    /// The scheduler's result: the steps observed, the first divergence, deadlock, watchdog.
    public let result: ReplayResult
    /// The property's failures on the real state, by the 1-based number of the step after which
    /// each was seen, in order.
    public let violations: [(step: Int, message: String)]
    /// Whether the target's damage fact held after the last requested step (nil when that step did not run).
    public let damageAfterLastStep: Bool?
    /// What the damage fact says.
    public let damageMeaning: String

    /// True when the property held after every step.
    public var propertyHeld: Bool { violations.isEmpty }
}
