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
/// of the model is replayed on some preset; KVMMMU, honouring every label, emits none that no
/// model has.
final class LabelContractTests: XCTestCase {
    func testEveryStepOfEveryPresetReplaysOnKVMMMUAtTheModelsPlace() throws {
        for model in ModelCatalog.replayable {
            var replayed: [String: Set<String>] = [:]
            let target = KVMTarget(try KVMModel.named(model.name))
            let labels = try model.labelsByKind()
            for preset in model.presets {
                let program = try model.instantiate(try model.configuration(preset: preset.name))
                let configuration = ReplayConfiguration(flags: program.configuration.flags,
                                                        parameters: program.configuration.parameters, labels: labels)
                for (k, kind) in program.kinds.enumerated() {
                    let instance = try XCTUnwrap(program.instances.firstIndex { $0.kind == k })
                    for (step, decl) in kind.steps.enumerated() {
                        let query = ReachabilityQuery(program: program, condition: .pcIs(instance: instance, step: step))
                        let (answer, _) = try query.run(engine: .explicit, maxDepth: 60)
                        if case .unreachable(_, complete: true) = answer { continue }  // not on this preset
                        guard case .reachable(let witness) = answer else {
                            XCTFail("\(model.name) \(preset.name): \(kind.name)@\(decl.label): \(answer)")
                            continue
                        }
                        var c = configuration
                        c.data = Dictionary(uniqueKeysWithValues: witness.run.initialChoices.map {
                            (witness.layout.names[$0.key], $0.value)
                        })
                        let schedule = witness.steps.map { ScheduleStep($0.instanceName, $0.label) }
                            + [ScheduleStep(program.instanceName(instance), decl.label)]
                        let outcome = try Replay.run(target, c, schedule: schedule)
                        XCTAssertNil(outcome.result.divergence, "\(model.name) \(preset.name) \(kind.name)@\(decl.label): "
                                     + (outcome.result.divergence?.message ?? ""))
                        XCTAssertEqual(outcome.result.requestedStepsRun, schedule.count,
                                       "\(model.name) \(preset.name): \(kind.name)@\(decl.label)")
                        replayed[kind.name, default: []].insert(decl.label)
                    }
                }
            }
            for (kind, all) in labels {
                XCTAssertEqual(Set(all).subtracting(replayed[kind] ?? []), [],
                               "\(model.name)/\(kind): labels no preset's replay reached")
            }
        }
    }

    func testKVMMMUEmitsNoLabelThatNoModelHas() throws {
        var modelLabels: Set<String> = []
        for model in ModelCatalog.replayable { modelLabels.formUnion(try model.labelsByKind().values.flatMap { $0 }) }
        for model in ModelCatalog.replayable {
            for preset in model.presets {
                // Every thread honours every label: the completion runs each to its end.
                var scene = try ModelScenes.scene(model.name, preset: preset.name)
                scene.labels = nil
                let result = KVMReplay.run(scene, schedule: [])
                XCTAssertTrue(result.replay.allThreadsEnded, "\(model.name) \(preset.name)")
                let emitted = Set(result.observed.map(\.label))
                XCTAssertEqual(emitted.subtracting(modelLabels), [], "\(model.name) \(preset.name): KVMMMU emits labels no model has")
            }
        }
    }
}
