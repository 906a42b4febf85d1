import Interleaving
import KVMMMU
import KVMReplayAdapter
import ModelChecker
import Models
import ProtocolDSL
import ReplayTesting
import XCTest

/// KVMMMU and the models meet at labels. The labels come from the models alone: for every
/// preset and every step label of every process kind that the preset can reach, the model's
/// shortest execution that takes that step replays on KVMMMU label by label, and every label
/// of the model is replayed on some preset, or, for a label only a flag setting that no preset
/// uses has (apic-access-zap's `apicv_request=true`), on the first preset with that one flag
/// flipped; KVMMMU, honouring every label, emits none that no model has.
final class LabelContractTests: XCTestCase {
    /// A configuration of a model the contract covers: a preset, maybe with one flag flipped.
    struct Setting {
        var preset: String
        var overrides: [(String, String)] = []
        var name: String { ([preset] + overrides.map { "\($0.0)=\($0.1)" }).joined(separator: " ") }
    }

    /// The presets, then the first preset with each flag set to each of its other values.
    static func settings(of model: ProtocolModel) throws -> (presets: [Setting], flips: [Setting]) {
        let presets = model.presets.map { Setting(preset: $0.name) }
        guard let first = model.presets.first else { return (presets, []) }
        let values = try model.configuration(preset: first.name).flags
        let flips = model.flags.flatMap { flag in
            flag.values.filter { $0 != values[flag.name] }.map { Setting(preset: first.name, overrides: [(flag.name, $0)]) }
        }
        return (presets, flips)
    }

    /// Every step label of every process kind, over the presets and `settings`.
    static func labels(of model: ProtocolModel, _ settings: [Setting]) throws -> [String: [String]] {
        try ModelScenes.labels(of: model, settings.map { try model.configuration(preset: $0.preset, overrides: $0.overrides) })
    }

    func testEveryStepOfEveryPresetReplaysOnKVMMMUAtTheModelsPlace() throws {
        for model in ModelCatalog.replayable {
            var replayed: [String: Set<String>] = [:]
            let target = KVMTarget(try KVMModel.named(model.name))
            let (presets, flips) = try Self.settings(of: model)
            let labels = try Self.labels(of: model, presets + flips)
            for preset in presets {
                try replaySteps(model, preset, labels, target, &replayed, only: nil)
            }
            for flip in flips {
                let missing = labels.mapValues { Set($0) }.merging(replayed) { $0.subtracting($1) }
                guard missing.values.contains(where: { !$0.isEmpty }) else { break }
                try replaySteps(model, flip, labels, target, &replayed, only: missing)
            }
            for (kind, all) in labels {
                XCTAssertEqual(Set(all).subtracting(replayed[kind] ?? []), [],
                               "\(model.name)/\(kind): labels no preset's (or flipped preset's) replay reached")
            }
        }
    }

    /// Replays, for each step of `setting` whose label is in `only` (nil: every step) and which
    /// some execution reaches, the model's shortest execution that takes it, then the step.
    func replaySteps(_ model: ProtocolModel, _ setting: Setting, _ labels: [String: [String]], _ target: KVMTarget,
                     _ replayed: inout [String: Set<String>], only: [String: Set<String>]?) throws {
        let program = try model.instantiate(try model.configuration(preset: setting.preset, overrides: setting.overrides))
        let configuration = ReplayConfiguration(flags: program.configuration.flags,
                                                parameters: program.configuration.parameters, labels: labels)
        for (k, kind) in program.kinds.enumerated() {
            let instance = try XCTUnwrap(program.instances.firstIndex { $0.kind == k })
            for (step, decl) in kind.steps.enumerated() where only?[kind.name]?.contains(decl.label) ?? true {
                let query = ReachabilityQuery(program: program, condition: .pcIs(instance: instance, step: step))
                let (answer, _) = try query.run(engine: .explicit, maxDepth: 60)
                if case .unreachable(_, complete: true) = answer { continue }  // not on this setting
                guard case .reachable(let witness) = answer else {
                    XCTFail("\(model.name) \(setting.name): \(kind.name)@\(decl.label): \(answer)")
                    continue
                }
                var c = configuration
                c.data = Dictionary(uniqueKeysWithValues: witness.run.initialChoices.map {
                    (witness.layout.names[$0.key], $0.value)
                })
                let (others, enabled) = Self.untilEnabled(instance, after: witness)
                guard enabled else {
                    XCTFail("\(model.name) \(setting.name): \(kind.name)@\(decl.label) never becomes enabled")
                    continue
                }
                let schedule = (witness.steps.map { ($0.instanceName, $0.label) } + others).map(ScheduleStep.init)
                    + [ScheduleStep(program.instanceName(instance), decl.label)]
                let outcome = try Replay.run(target, c, schedule: schedule)
                XCTAssertNil(outcome.result.divergence, "\(model.name) \(setting.name) \(kind.name)@\(decl.label): "
                             + (outcome.result.divergence?.message ?? ""))
                XCTAssertEqual(outcome.result.requestedStepsRun, schedule.count,
                               "\(model.name) \(setting.name): \(kind.name)@\(decl.label)")
                replayed[kind.name, default: []].insert(decl.label)
            }
        }
    }

    /// The steps other instances take after `witness` until `instance` can take its next step:
    /// none when it can at once; else, as the scheduler's completion does, the lowest-index other
    /// instance that can move takes its step (a choice takes its first value), until `instance`
    /// is enabled (true) or nothing else can move (false). A step whose first reach finds its
    /// lock held (`vcpu.update_apicv` right after the kick) runs once the holder dropped it.
    static func untilEnabled(_ instance: Int, after witness: Trace) -> (steps: [(String, String)], enabled: Bool) {
        let interpreter = Interpreter(layout: witness.layout)
        let program = witness.layout.program
        var state = witness.states[witness.states.count - 1]
        var steps: [(String, String)] = []
        while !interpreter.enabled(state, instance) {
            guard let other = program.instances.indices.first(where: { $0 != instance && interpreter.enabled(state, $0) }),
                  steps.count < 100 else { return (steps, false) }
            steps.append((program.instanceName(other), program.steps(of: other)[interpreter.pc(state, other)].label))
            state = interpreter.execute(state, other)[0].state
        }
        return (steps, true)
    }

    func testKVMMMUEmitsNoLabelThatNoModelHas() throws {
        var modelLabels: Set<String> = []
        var runs: [(ProtocolModel, Setting)] = []
        for model in ModelCatalog.replayable {
            let (presets, flips) = try Self.settings(of: model)
            modelLabels.formUnion(try Self.labels(of: model, presets + flips).values.flatMap { $0 })
            runs += (presets + flips).map { (model, $0) }
        }
        for (model, setting) in runs {
            // Every thread honours every label: the completion runs each to its end.
            let flags = Dictionary(uniqueKeysWithValues: setting.overrides)
            var scene = try ModelScenes.scene(model.name, preset: setting.preset, flags: flags)
            scene.labels = nil
            let result = KVMReplay.run(scene, schedule: [])
            XCTAssertTrue(result.replay.allThreadsEnded, "\(model.name) \(setting.name)")
            let emitted = Set(result.observed.map(\.label))
            XCTAssertEqual(emitted.subtracting(modelLabels), [], "\(model.name) \(setting.name): KVMMMU emits labels no model has")
        }
    }
}
