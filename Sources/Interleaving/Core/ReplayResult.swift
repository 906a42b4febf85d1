/// The outcome of one scheduler run.
public struct ReplayResult: Sendable {
    /// The `(thread, label)` steps that actually ran, in order (requested part plus completion).
    public let observed: [ScheduleStep]
    /// The first divergence from the requested schedule, if any.
    public let divergence: ScheduleDivergence?
    /// True when unfinished threads remained but none had an enabled step.
    public let deadlocked: Bool
    /// Set when the watchdog fired: a thread did not reach its next schedule point in time.
    public let watchdogMessage: String?
    /// Threads that had not ended when the run stopped (deadlock or watchdog), with their labels.
    public let unfinished: [ScheduleStep]
    /// Number of requested steps that ran as requested.
    public let requestedStepsRun: Int

    /// True when the whole requested schedule ran as given and every thread then ended.
    public var followedSchedule: Bool {
        divergence == nil && !deadlocked && watchdogMessage == nil
    }

    /// True when every managed thread ended.
    public var allThreadsEnded: Bool { unfinished.isEmpty && watchdogMessage == nil }

    /// A failure message for tests: the divergence, deadlock or watchdog message; nil when clean.
    public var failureMessage: String? {
        if let watchdogMessage { return watchdogMessage }
        if let divergence { return divergence.message }
        if deadlocked { return "deadlock: no enabled step; blocked: " + unfinished.map(\.description).joined(separator: ", ") }
        return nil
    }
}

/// What the scheduler passes to the per-step callback.
public struct ExecutedStep: Sendable {
    /// Zero-based index in the observed sequence.
    public let index: Int
    /// The step that just ran.
    public let step: ScheduleStep
    /// True when the step was taken from the requested schedule (false during completion).
    public let requested: Bool
    /// Where every thread is after the step, in thread order (`vcpu[0] fault.gup`, `vcpu[0] finished`).
    public let positions: [String]
}
