/// One step of a schedule: the thread that runs and the label of the schedule point it runs from.
public struct ScheduleStep: Hashable, Sendable, CustomStringConvertible {
    /// The managed thread's name, e.g. `vcpu[0]`.
    public let thread: String
    /// The schedule-point label, e.g. `fault.lock`.
    public let label: String

    /// Creates a step.
    public init(_ thread: String, _ label: String) {
        self.thread = thread
        self.label = label
    }

    /// Creates a step from a `(thread, label)` pair.
    public init(_ pair: (String, String)) {
        self.init(pair.0, pair.1)
    }

    public var description: String { "\(thread) \(label)" }
}

extension Array where Element == ScheduleStep {
    /// Builds a schedule from `(thread, label)` pairs.
    public init(pairs: [(String, String)]) {
        self = pairs.map(ScheduleStep.init)
    }
}
