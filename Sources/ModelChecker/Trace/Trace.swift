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

/// A typed value of one state slot (rendered through the trace's layout).
public struct SlotValue: Sendable, Equatable, Hashable {
    /// The slot.
    public let slot: Int
    /// Its value.
    public let value: UInt64

    /// Creates a slot value.
    public init(slot: Int, value: UInt64) {
        self.slot = slot
        self.value = value
    }
}

/// One step as the model and its implementation both name it: the instance and the step's
/// label. This is the step value that flows from the checker into generated tests; the replay
/// harness turns it into the scheduler's `ScheduleStep`.
public struct StepName: Sendable, Hashable, CustomStringConvertible {
    /// The instance (`vcpu[0]`).
    public let instance: String
    /// The step's label (`fault.map`).
    public let label: String

    /// Creates a step name.
    public init(instance: String, label: String) {
        self.instance = instance
        self.label = label
    }

    public var description: String { "\(instance) \(label)" }
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
    /// The values the step's guard and the conditions of its branches read (the values that
    /// decided what it did), in the order read.
    public var reads: [SlotValue] = []

    /// The instance and label.
    public var name: StepName { StepName(instance: instanceName, label: label) }
}

/// An execution: the initial state, the steps, and what it violates (if anything).
///
/// The trace keeps the typed states and their layout, so every report (text, JSON, ITF, SVG)
/// renders from the same values; the rendered fields are for readers that want text.
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
    /// The layout of the states (the program they are states of).
    public let layout: StateLayout
    /// The typed states: the initial one, then the one after each step (`steps.count + 1`).
    public let states: [[UInt64]]
    /// The schedule that produced the trace: data choices, instances and their choices.
    public let run: Schedule
    /// For a liveness counterexample (a lasso): the index of the state the loop starts from
    /// (the stem's length). The steps after it return to that state and repeat forever; with
    /// no steps after it, the execution stays in its last state forever. Nil for a finite trace.
    public var loopStart: Int? = nil

    public static func == (a: Trace, b: Trace) -> Bool {
        a.model == b.model && a.instances == b.instances && a.steps == b.steps && a.violation == b.violation
            && a.states == b.states && a.run == b.run && a.loopStart == b.loopStart
            && a.initial.elementsEqual(b.initial, by: ==) && a.dataChoices.elementsEqual(b.dataChoices, by: ==)
    }

    /// The schedule: each step's instance and label.
    public var schedule: [StepName] { steps.map(\.name) }
}
