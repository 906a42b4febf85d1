import ModelChecker
import ProtocolDSL

/// Finds counterexamples with the explicit-state engine (deterministic breadth-first order), and
/// the lassos of violated liveness properties with the explicit liveness search, and turns each
/// into a `ReplayCase` and a test file.
///
/// Example:
///
///     let generator = ReplayTestGenerator(catalog: ModelCatalog.catalog, maxCounterexamples: 2)
///     let files = try generator.files(for: generator.allCases())
///     try GeneratedFileWriter(directory: url).write(files, scope: .all)
public struct ReplayTestGenerator: Sendable {
    /// How many distinct counterexamples per preset (different schedules).
    public var maxCounterexamples: Int
    /// The largest number of steps searched.
    public var maxDepth: Int
    /// The source writer.
    public var emitter: ReplayTestEmitter
    /// The models and their replay targets.
    public var catalog: ProtocolCatalog

    /// Creates a generator.
    public init(catalog: ProtocolCatalog, maxCounterexamples: Int = 1, maxDepth: Int = 60,
                emitter: ReplayTestEmitter = ReplayTestEmitter()) {
        self.catalog = catalog
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
        guard let target = catalog.replayTargets[model.name] else { throw TestGenError.noReplayHarness(model: model.name) }
        let program = try model.instantiate(try model.configuration(preset: preset, overrides: overrides))
        let options = CheckOptions(maxDepth: maxDepth, maxCounterexamples: maxCounterexamples)
        var cases: [ReplayCase] = []
        switch try ExplicitChecker(program: program).check(options) {
        case .violated(let traces):
            cases = try traces.enumerated().map { n, trace in
                try ReplayCase(trace: trace, program: program, model: model, preset: preset, number: n + 1,
                               maxCounterexamples: maxCounterexamples, target: target)
            }
        case .holds, .proved:
            break
        case .unknown(let reason, _):
            throw TestGenError.undecided(model: model.name, preset: preset, reason: reason)
        }
        return cases + (try lassoCases(program, model: model, preset: preset, target: target, after: cases.count))
    }

    /// The lassos of the liveness properties `program` violates, as cases numbered after the
    /// `after` safety ones: one per property in declaration order, a schedule only once, at
    /// most `maxCounterexamples` of them.
    func lassoCases(_ program: Program, model: ProtocolModel, preset: String, target: ReplayTargetReference,
                    after: Int) throws -> [ReplayCase] {
        var cases: [ReplayCase] = []
        var seen: Set<[StepName]> = []
        for result in try LivenessChecker(program: program).check() where cases.count < maxCounterexamples {
            switch result.outcome {
            case .violated(let lasso) where seen.insert(lasso.trace.schedule).inserted:
                cases.append(try ReplayCase(lasso: lasso, program: program, model: model, preset: preset,
                                            number: after + cases.count + 1, maxCounterexamples: maxCounterexamples,
                                            target: target))
            case .unknown(let reason):
                throw TestGenError.undecided(model: model.name, preset: preset, reason: "\(result.property): \(reason)")
            case .violated, .holds, .proved:
                break
            }
        }
        return cases
    }

    /// The counterexamples of every preset of every replayable model (all of them, or those
    /// named in `models`) whose check finds a violation, in catalog and preset order.
    public func allCases(models: [ProtocolModel]? = nil) throws -> [ReplayCase] {
        var all: [ReplayCase] = []
        for model in models ?? catalog.replayable {
            for preset in model.presets {
                all += try cases(model: model, preset: preset.name)
            }
        }
        return all
    }

    /// The test files of `cases`.
    public func files(for cases: [ReplayCase]) -> [GeneratedFile] {
        cases.map { GeneratedFile(name: $0.fileName, contents: emitter.source(of: $0)) }
    }
}
