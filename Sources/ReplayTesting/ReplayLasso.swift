import Interleaving

/// A liveness counterexample as a generated test holds it: a stem from the initial state and a
/// loop that returns to the state after the stem and, in the model, repeats forever while the
/// property's progress never comes; the replay runs the loop `repetitions` times.
public struct ReplayLasso: Sendable {
    /// The model.
    public let model: String
    /// The preset the lasso was found on.
    public let preset: String
    /// The configuration of that preset (flags, parameters, data choices, labels).
    public let configuration: ReplayConfiguration
    /// The stem: one model step per entry, from the initial state to the loop's start.
    public let stem: [ScheduleStep]
    /// The loop: the model steps that return to the loop's start.
    public let loop: [ScheduleStep]
    /// How many times the replay runs the loop (3 unless the file says otherwise).
    public let repetitions: Int
    /// The liveness property the lasso violates.
    public let property: String
    /// The variant the regression test runs on.
    public let fixedPreset: String
    /// The fixed variant's configuration (same parameters and data).
    public let fixedConfiguration: ReplayConfiguration

    /// Creates a lasso; `fixedFlags` are the fixed variant's flags.
    public init(model: String, preset: String, flags: [String: String], parameters: [String: Int],
                data: [String: Int64], labels: [String: [String]], stem: [(String, String)],
                loop: [(String, String)], repetitions: Int = 3, property: String, fixedPreset: String,
                fixedFlags: [String: String]) {
        self.model = model
        self.preset = preset
        self.configuration = ReplayConfiguration(flags: flags, parameters: parameters, data: data, labels: labels)
        self.stem = stem.map(ScheduleStep.init)
        self.loop = loop.map(ScheduleStep.init)
        self.repetitions = repetitions
        self.property = property
        self.fixedPreset = fixedPreset
        self.fixedConfiguration = ReplayConfiguration(flags: fixedFlags, parameters: parameters, data: data,
                                                      labels: labels)
    }

    /// The schedule a replay runs: the stem, then the loop `repetitions` times.
    public var schedule: [ScheduleStep] {
        stem + (0..<repetitions).flatMap { _ in loop }
    }

    /// The 1-based step after which the replay is back at the loop's start for the `lap`-th
    /// time (lap 1: after the first run of the loop).
    public func returnStep(lap: Int) -> Int { stem.count + lap * loop.count }
}
