import Interleaving

/// One prepared run of a real implementation: the threads that run its code, the schedule-point
/// hub they call, and what to check on its state.
///
/// The closures are called on the replaying thread while every managed thread is parked or has
/// ended, so they may read the implementation's state without taking its locks.
public struct ReplayRun {
    /// The hub the implementation's schedule points report to.
    public let points: SchedulePoints
    /// The threads, named like the model's instances (`vcpu[0]`), in the model's instance order.
    public let threads: [ManagedThread]
    /// The model's property on the real state: nil while it holds, else what is wrong.
    public let violation: () -> String?
    /// The concrete damage a witness shows after the model's last step.
    public let damage: ReplayDamage
    /// A snapshot of the real state a lasso replay compares at each return to its loop's start
    /// (name -> value, e.g. `spte[gfn 0]`, `mmu_notifier_seq`, `vcpu[0] last fault`); it should
    /// leave out what grows on every lap without achieving anything (attempt counters). Nil: the
    /// target replays no lassos.
    public let observe: (() -> [String: String])?
    /// What progress means on the real state, for a lasso's regression replay (e.g. every
    /// vCPU's fault completed); nil when the target does not say.
    public let progress: ReplayFact?

    /// Creates a run; `observe` and `progress` are for lasso replays.
    public init(points: SchedulePoints, threads: [ManagedThread], violation: @escaping () -> String?,
                damage: ReplayDamage, observe: (() -> [String: String])? = nil, progress: ReplayFact? = nil) {
        self.points = points
        self.threads = threads
        self.violation = violation
        self.damage = damage
        self.observe = observe
        self.progress = progress
    }
}

/// A fact about the real state (progress made, damage done), written as compiled Swift by the
/// replay target.
public typealias ReplayFact = ReplayDamage

/// A fact about the real state that a property violation stands for (a mapping left behind, a
/// page leaked), written as compiled Swift by the replay target.
public struct ReplayDamage {
    /// What the fact says, for the failure message.
    public let meaning: String
    /// Whether the fact holds on the real state now.
    public let holds: () -> Bool

    /// Creates a fact.
    public init(_ meaning: String, holds: @escaping () -> Bool) {
        self.meaning = meaning
        self.holds = holds
    }
}
