import ModelChecker
import ProtocolDSL

/// One counterexample ready to be written as a replay test: the scene, the schedule and the
/// step where the model's invariant fails.
public struct ReplayCase: Sendable, Equatable {
    /// The model's name (`apic-access-zap`).
    public var model: String
    /// The preset the counterexample was found on (`zap-read-lock-bump`).
    public var preset: String
    /// Every flag's value, by name.
    public var flags: [String: String]
    /// Every parameter's value, by name (`vcpus`, `retries`, ...).
    public var parameters: [String: Int]
    /// The data choices of the initial state, in layout order (`invalidator[0].lo`, 0).
    public var data: [DataChoice]
    /// The schedule: one `(thread, label)` step per model step.
    public var schedule: [StepName]
    /// The name of what the last state violates (`apic_unmapped_after_inhibit`, or `deadlock`).
    public var violation: String
    /// True when the last state is a deadlock rather than a false property.
    public var deadlock: Bool = false
    /// For a liveness counterexample (a lasso): the number of stem steps, after which the rest of
    /// `schedule` is the loop that repeats forever; nil for a safety counterexample.
    public var loopStart: Int?
    /// How many times a lasso replay runs the loop (written into the file as data).
    public var loopRepetitions: Int = ReplayCase.defaultLoopRepetitions
    /// The loop repetitions of a lasso replay unless said otherwise.
    public static let defaultLoopRepetitions = 3
    /// The counterexample's 1-based number among those found for the preset.
    public var number: Int
    /// The `--max-counterexamples` value the generator ran with (part of the regenerate command).
    public var maxCounterexamples: Int
    /// Per process kind, the model's step labels (the schedule points the implementation honours).
    public var labels: [String: [String]]
    /// The fixed preset the regression test runs on, and its flags (nil: no regression test).
    public var fixed: (preset: String, flags: [String: String])?
    /// Where the implementation's replay target is.
    public var target: ReplayTargetReference

    /// Creates a case.
    public init(model: String, preset: String, flags: [String: String], parameters: [String: Int],
                data: [DataChoice], schedule: [StepName], violation: String, number: Int,
                maxCounterexamples: Int, labels: [String: [String]], fixed: (preset: String, flags: [String: String])?,
                target: ReplayTargetReference) {
        self.model = model
        self.preset = preset
        self.flags = flags
        self.parameters = parameters
        self.data = data
        self.schedule = schedule
        self.violation = violation
        self.number = number
        self.maxCounterexamples = maxCounterexamples
        self.labels = labels
        self.fixed = fixed
        self.target = target
    }

    /// Builds the case of counterexample `number` (1-based) of `program` (an instance of
    /// `model`), found on `preset`, for the implementation at `target`.
    public init(trace: Trace, program: Program, model: ProtocolModel, preset: String, number: Int,
                maxCounterexamples: Int, target: ReplayTargetReference) throws {
        let fixed = try model.fixedPreset(preferred: target.fixedPreset).map { p in
            (preset: p.name, flags: try model.configuration(preset: p.name).flags)
        }
        self.init(model: program.modelName, preset: preset, flags: program.configuration.flags,
                  parameters: program.configuration.parameters,
                  data: trace.run.initialChoices.sorted { $0.key < $1.key }.map {
                      DataChoice(name: trace.layout.names[$0.key], value: Int($0.value))
                  },
                  schedule: trace.schedule,
                  violation: trace.violation?.name ?? "", number: number, maxCounterexamples: maxCounterexamples,
                  labels: try model.labelsByKind(), fixed: fixed, target: target)
        deadlock = trace.violation?.kind == .deadlock
    }

    /// Builds the case of liveness counterexample `number` (1-based, counted after the safety
    /// ones) of `program`, found on `preset`: the lasso's stem and loop. Its regression runs on
    /// the first preset expected to hold whose program has liveness properties too (the same
    /// kind of execution, e.g. retrying forever), or on none.
    public init(lasso: Lasso, program: Program, model: ProtocolModel, preset: String, number: Int,
                maxCounterexamples: Int, target: ReplayTargetReference) throws {
        try self.init(trace: lasso.trace, program: program, model: model, preset: preset, number: number,
                      maxCounterexamples: maxCounterexamples, target: target)
        loopStart = lasso.stemLength
        fixed = try model.presets.first { candidate in
            guard candidate.expected == .holds else { return false }
            return !(try model.instantiate(try model.configuration(preset: candidate.name)).liveness.isEmpty)
        }.map { p in (preset: p.name, flags: try model.configuration(preset: p.name).flags) }
    }

    /// The stem of a lasso (every step of a safety counterexample).
    public var stem: ArraySlice<StepName> { schedule.prefix(loopStart ?? schedule.count) }
    /// The loop of a lasso (empty for a safety counterexample).
    public var loop: ArraySlice<StepName> { schedule.dropFirst(loopStart ?? schedule.count) }

    public static func == (a: ReplayCase, b: ReplayCase) -> Bool {
        a.loopStart == b.loopStart && a.loopRepetitions == b.loopRepetitions && a.model == b.model && a.preset == b.preset && a.flags == b.flags && a.parameters == b.parameters
            && a.data == b.data && a.schedule == b.schedule && a.violation == b.violation && a.deadlock == b.deadlock && a.number == b.number
            && a.maxCounterexamples == b.maxCounterexamples && a.labels == b.labels
            && a.fixed?.preset == b.fixed?.preset && a.fixed?.flags == b.fixed?.flags && a.target == b.target
    }

    /// The number of steps (the counterexample's length).
    public var depth: Int { schedule.count }

    /// The test class's name, e.g. `ApicAccessZap_ZapReadLockBump_CE1Tests`.
    public var className: String {
        "\(SwiftIdentifier.upperCamel(model))_\(SwiftIdentifier.upperCamel(preset))_CE\(number)Tests"
    }

    /// The file's name, e.g. `ApicAccessZap_ZapReadLockBump_CE1Tests.swift`.
    public var fileName: String { className + ".swift" }

    /// The command that regenerates this file, run with the executable `tool`.
    public func command(tool: String) -> String {
        "swift run \(tool) emit-tests \(model) --variant \(preset) --max-counterexamples \(maxCounterexamples)"
    }
}

/// A data choice of a counterexample's initial state: a slot name and the value picked.
public struct DataChoice: Sendable, Equatable {
    /// The slot (`invalidator[0].lo`).
    public var name: String
    /// The value.
    public var value: Int

    /// Creates a data choice.
    public init(name: String, value: Int) {
        self.name = name
        self.value = value
    }

}
