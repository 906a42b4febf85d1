/// The first point where a replay could not follow the requested schedule.
public struct ScheduleDivergence: Sendable, Hashable, CustomStringConvertible {
    /// Why the requested step could not run.
    public enum Reason: String, Sendable, Hashable {
        /// The thread is parked at a different label.
        case otherLabel = "other-label"
        /// The thread is parked at the requested label, but the step is blocked (lock unavailable).
        case blocked
        /// The thread has already ended.
        case finished
        /// No managed thread has that name.
        case unknownThread = "unknown-thread"
    }

    /// Zero-based index of the requested step in the schedule.
    public let stepIndex: Int
    /// The requested step.
    public let expected: ScheduleStep
    /// Where the requested thread actually was (`nil` when it had ended or does not exist).
    public let observed: ScheduleStep?
    /// The kind of divergence.
    public let reason: Reason

    /// Creates a divergence record.
    public init(stepIndex: Int, expected: ScheduleStep, observed: ScheduleStep?, reason: Reason) {
        self.stepIndex = stepIndex
        self.expected = expected
        self.observed = observed
        self.reason = reason
    }

    /// A one-line message naming the step (1-based, as in the swimlane and the generated tests),
    /// the expected label and the observed one.
    public var message: String {
        let head = "schedule diverged at step \(stepIndex + 1): expected \(expected.thread) at '\(expected.label)'"
        switch reason {
        case .otherLabel:
            return head + ", observed \(observed?.thread ?? expected.thread) at '\(observed?.label ?? "?")'"
        case .blocked:
            return head + ", observed \(expected.thread) at '\(observed?.label ?? expected.label)' blocked (lock unavailable)"
        case .finished:
            return head + ", observed \(expected.thread) already finished"
        case .unknownThread:
            return head + ", observed no thread named \(expected.thread)"
        }
    }

    public var description: String { message }
}
