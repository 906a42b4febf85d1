/// The fairness a process kind's instances are scheduled with, for liveness properties.
///
/// Fairness is per instance: every instance of a kind declared `.weak` is weakly fair on its
/// own. Safety checks (invariants, deadlock) ignore it: every interleaving is an execution.
public enum Fairness: String, Sendable, CaseIterable {
    /// No promise: the scheduler may leave an instance waiting forever while others move.
    case none
    /// Weak fairness: an instance that stays enabled from some point on takes a step again
    /// and again (it cannot be enabled in every state of an execution's loop and never move).
    case weak
    /// Strong fairness: an instance that is enabled again and again (in some states of the
    /// loop, not necessarily all) takes a step again and again.
    case strong
}
