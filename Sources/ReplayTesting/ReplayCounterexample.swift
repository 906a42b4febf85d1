import Interleaving

/// What a counterexample ends in.
public enum ReplayViolationKind: String, Sendable {
    /// A property (an invariant) is false after the last step.
    case property
    /// After the last step no thread can move, and some have not finished.
    case deadlock
}

/// A counterexample as a generated test holds it: where the model found it, the schedule, and
/// the configuration of the fixed variant its regression test runs on.
public struct ReplayCounterexample: Sendable {
    /// The model.
    public let model: String
    /// The preset the counterexample was found on.
    public let preset: String
    /// The configuration of that preset (flags, parameters, data choices, labels).
    public let configuration: ReplayConfiguration
    /// One model step per entry: the instance and the step's label.
    public let schedule: [ScheduleStep]
    /// The property false after the last step (for a deadlock: `deadlock`).
    public let property: String
    /// Whether the last state breaks a property or is a deadlock.
    public let kind: ReplayViolationKind
    /// The variant the regression test runs on, and its configuration (same parameters and data).
    public let fixedPreset: String
    /// The fixed variant's configuration.
    public let fixedConfiguration: ReplayConfiguration

    /// Creates a counterexample; `fixedFlags` are the fixed variant's flags.
    public init(model: String, preset: String, flags: [String: String], parameters: [String: Int],
                data: [String: Int64], labels: [String: [String]], schedule: [(String, String)], property: String,
                kind: ReplayViolationKind = .property, fixedPreset: String, fixedFlags: [String: String]) {
        self.model = model
        self.preset = preset
        self.configuration = ReplayConfiguration(flags: flags, parameters: parameters, data: data, labels: labels)
        self.schedule = schedule.map(ScheduleStep.init)
        self.property = property
        self.kind = kind
        self.fixedPreset = fixedPreset
        self.fixedConfiguration = ReplayConfiguration(flags: fixedFlags, parameters: parameters, data: data,
                                                      labels: labels)
    }

    /// The 1-based number of the step after which the property is false: the last one.
    public var violatingStep: Int { schedule.count }
}
