import ModelChecker
import ProtocolDSL

/// Finds counterexamples with the explicit-state engine (deterministic breadth-first order) and
/// turns each into a `ReplayCase` and a test file.
///
/// Example:
///
///     let generator = ReplayTestGenerator(maxCounterexamples: 2)
///     let files = try generator.files(for: generator.allCases(models: ModelCatalog.replayable))
///     try GeneratedFileWriter(directory: url).write(files, scope: .all)
public struct ReplayTestGenerator: Sendable {
    /// How many distinct counterexamples per preset (different schedules).
    public var maxCounterexamples: Int
    /// The largest number of steps searched.
    public var maxDepth: Int
    /// The source writer.
    public var emitter: ReplayTestEmitter

    /// Creates a generator.
    public init(maxCounterexamples: Int = 1, maxDepth: Int = 60, emitter: ReplayTestEmitter = ReplayTestEmitter()) {
        self.maxCounterexamples = maxCounterexamples
        self.maxDepth = maxDepth
        self.emitter = emitter
    }

    /// The counterexamples of `model` on `preset` (empty when the check finds none), with
    /// `overrides` applied on top of the preset.
    public func cases(model: ProtocolModel, preset: String, overrides: [(String, String)] = []) throws -> [ReplayCase] {
        guard model.presets.contains(where: { $0.name == preset }) else {
            throw TestGenError.unknownPreset(model: model.name, preset: preset, valid: model.presets.map(\.name))
        }
        guard ReplayFact.of(model: model.name) != nil else { throw TestGenError.noReplayHarness(model: model.name) }
        let program = try model.instantiate(try model.configuration(preset: preset, overrides: overrides))
        let options = CheckOptions(maxDepth: maxDepth, maxCounterexamples: maxCounterexamples)
        switch try ExplicitChecker(program: program).check(options) {
        case .violated(let traces):
            return traces.enumerated().map { n, trace in
                ReplayCase(trace: trace, program: program, preset: preset, number: n + 1,
                           maxCounterexamples: maxCounterexamples)
            }
        case .holds:
            return []
        case .unknown(let reason, _):
            throw TestGenError.undecided(model: model.name, preset: preset, reason: reason)
        }
    }

    /// The counterexamples of every preset of every model whose check finds a violation, in
    /// catalog and preset order.
    public func allCases(models: [ProtocolModel]) throws -> [ReplayCase] {
        var all: [ReplayCase] = []
        for model in models {
            for preset in model.presets {
                all += try cases(model: model, preset: preset.name)
            }
        }
        return all
    }

    /// The test files of `cases`, and the support file they call (when there is any case).
    public func files(for cases: [ReplayCase]) throws -> [GeneratedFile] {
        let tests = try cases.map { GeneratedFile(name: $0.fileName, contents: try emitter.source(of: $0)) }
        if tests.isEmpty { return [] }
        return tests + [GeneratedFile(name: ReplayTestEmitter.supportFileName, contents: emitter.supportSource())]
    }
}
