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
}
