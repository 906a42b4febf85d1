import KVMMMU
import Models
import ProtocolDSL
import XCTest

/// KVMMMU and the models meet at labels: every label KVMMMU emits must be a step label of the
/// same model and process kind, and every step label of a model must be emitted by KVMMMU.
final class LabelContractTests: XCTestCase {
    /// Labels of each process kind of `model`, over all of its presets.
    func modelLabels(_ model: ProtocolModel) throws -> [String: Set<String>] {
        var labels: [String: Set<String>] = [:]
        for preset in model.presets {
            let program = try model.instantiate(try model.configuration(preset: preset.name))
            for kind in program.kinds {
                labels[kind.name, default: []].formUnion(kind.steps.map(\.label))
            }
        }
        return labels
    }

    func testEveryKVMLabelIsAModelLabelAndBack() throws {
        XCTAssertEqual(Set(KVMLabels.all.keys), Set(ModelCatalog.replayable.map(\.name)),
                       "KVMMMU must implement exactly the replayable models")
        for model in ModelCatalog.replayable {
            let fromModel = try modelLabels(model)
            let fromKVM = KVMLabels.all[model.name] ?? [:]
            XCTAssertEqual(Set(fromKVM.keys), Set(fromModel.keys), "process kinds of \(model.name)")
            for (kind, labels) in fromModel {
                let emitted = Set(fromKVM[kind] ?? [])
                XCTAssertEqual(emitted.subtracting(labels), [], "\(model.name)/\(kind): KVMMMU emits labels the model lacks")
                XCTAssertEqual(labels.subtracting(emitted), [], "\(model.name)/\(kind): model steps KVMMMU never emits")
            }
        }
    }

    /// KVMMMU keeps its own preset table (it may not import the models); it must say what
    /// `Models/` says: same preset names, same flag values, same parameters, same verdict.
    func testKVMPresetsAreTheModelsPresets() throws {
        for model in ModelCatalog.replayable {
            let kvm = KVMPreset.all[model.name] ?? [:]
            XCTAssertEqual(Set(kvm.keys), Set(model.presets.map(\.name)), "presets of \(model.name)")
            for preset in model.presets {
                let kvmPreset = try XCTUnwrap(kvm[preset.name], "\(model.name) \(preset.name)")
                let configuration = try model.configuration(preset: preset.name)
                let flags = kvmPreset.variant.flags.filter { configuration.flags[$0.key] != nil }
                XCTAssertEqual(flags, configuration.flags, "flags of \(model.name) \(preset.name)")
                for (name, value) in kvmPreset.parameters {
                    XCTAssertEqual(configuration.parameters[name], value, "\(name) of \(model.name) \(preset.name)")
                }
                XCTAssertEqual(kvmPreset.holds, preset.expected == .holds, "verdict of \(model.name) \(preset.name)")
            }
        }
    }
}
