import Interleaving
import KVMReplayAdapter
import Models
import ProtocolDSL
import ReplayTesting

/// Scenes of KVMMMU's replay adapter built from the models' presets: the flags, parameters and
/// labels come from `Models/`, never from a copy.
enum ModelScenes {
    /// The replay configuration of `preset` of `model` with `flags` and `parameters` overriding it.
    static func configuration(_ model: String, preset: String = "upstream", flags: [String: String] = [:],
                              parameters: [String: Int] = [:], data: [String: Int64] = [:]) throws -> ReplayConfiguration {
        let m = try ModelCatalog.model(named: model)
        let overrides = flags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            + parameters.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) }
        let c = try m.configuration(preset: preset, overrides: overrides)
        return ReplayConfiguration(flags: c.flags, parameters: c.parameters, data: data, labels: try labels(of: m, [c]))
    }

    /// The labels of every process kind of `model`: its presets' (`labelsByKind`), then those
    /// only `configurations` have (a flag no preset sets, such as `apicv_request=true`), in
    /// first-seen order.
    static func labels(of model: ProtocolModel, _ configurations: [Configuration]) throws -> [String: [String]] {
        var labels = try model.labelsByKind()
        for c in configurations {
            for kind in try model.instantiate(c).kinds {
                for label in kind.steps.map(\.label) where !(labels[kind.name]?.contains(label) ?? false) {
                    labels[kind.name, default: []].append(label)
                }
            }
        }
        return labels
    }

    /// The scene of `preset` of `model`.
    static func scene(_ model: String, preset: String = "upstream", flags: [String: String] = [:],
                      parameters: [String: Int] = [:], data: [String: Int64] = [:]) throws -> KVMScene {
        try KVMScene(model: model, try configuration(model, preset: preset, flags: flags, parameters: parameters, data: data))
    }

    /// Runs `schedule` on the scene of `preset` of `model`.
    static func run(model: String, preset: String = "upstream", flags: [String: String] = [:],
                    parameters: [String: Int] = [:], data: [String: Int64] = [:], schedule: [(String, String)],
                    afterStep: ((KVMStepContext) -> Void)? = nil) throws -> KVMReplayResult {
        KVMReplay.run(try scene(model, preset: preset, flags: flags, parameters: parameters, data: data),
                      schedule: schedule.map(ScheduleStep.init), afterStep: afterStep)
    }
}
