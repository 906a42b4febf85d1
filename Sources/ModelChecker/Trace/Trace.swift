/// One variable change made by a step.
public struct Change: Sendable, Equatable {
    /// The variable (`mmu_notifier_seq`, `vcpu[0].mmu_seq`, `host_pfn[1]`, `mmu_lock`).
    public let variable: String
    /// The value before the step.
    public let old: String
    /// The value after the step.
    public let new: String

    /// Creates a change.
    public init(variable: String, old: String, new: String) {
        self.variable = variable
        self.old = old
        self.new = new
    }
}

/// One step of a trace: which instance moved, with which label, and what it changed.
public struct TraceStep: Sendable, Equatable {
    /// The flat instance index.
    public let instance: Int
    /// The instance's name (`vcpu[0]`).
    public let instanceName: String
    /// The step's label.
    public let label: String
    /// Values picked by `choose` statements, in site order.
    public let choices: [Int64]
    /// The changed variables, in layout order.
    public let changes: [Change]
}

/// An execution: the initial state, the steps, and what it violates (if anything).
public struct Trace: Sendable, Equatable {
    /// The model's name.
    public let model: String
    /// The process instances, in lane order.
    public let instances: [String]
    /// Every user-visible variable's initial value (name, value), in layout order.
    public let initial: [(String, String)]
    /// The initial values the checker picked for data choices (name, value).
    public let dataChoices: [(String, String)]
    /// The steps.
    public let steps: [TraceStep]
    /// The violation in the last state, if any.
    public let violation: Violation?

    public static func == (a: Trace, b: Trace) -> Bool {
        a.model == b.model && a.instances == b.instances && a.steps == b.steps && a.violation == b.violation
            && a.initial.elementsEqual(b.initial, by: ==) && a.dataChoices.elementsEqual(b.dataChoices, by: ==)
    }

    /// The schedule as (instance, label) pairs.
    public var schedule: [(String, String)] { steps.map { ($0.instanceName, $0.label) } }
}
