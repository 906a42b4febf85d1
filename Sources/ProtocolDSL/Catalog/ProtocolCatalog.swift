/// The models a tool knows, by name, and the replay targets of those a real implementation follows.
///
/// This repository's catalog is `ModelCatalog.catalog` (Models); a package outside it builds
/// its own and passes it to the command tree (`MMUSpec.exitStatus(running:catalog:)`).
public struct ProtocolCatalog: Sendable {
    /// Every model, in the order `mmuspec list` prints them.
    public let models: [ProtocolModel]
    /// The replay target of each model that has one, by model name.
    public let replayTargets: [String: ReplayTargetReference]

    /// Creates a catalog; every key of `replayTargets` must name one of `models`.
    public init(models: [ProtocolModel], replayTargets: [String: ReplayTargetReference] = [:]) {
        self.models = models
        self.replayTargets = replayTargets
    }

    /// The models with a replay target, in catalog order.
    public var replayable: [ProtocolModel] { models.filter { replayTargets[$0.name] != nil } }

    /// The model named `name`, or a `ModelError` listing the valid names.
    public func model(named name: String) throws -> ProtocolModel {
        guard let m = models.first(where: { $0.name == name }) else {
            throw ModelError(.unknownModel, "unknown model '\(name)'; valid: " + models.map(\.name).joined(separator: ", "))
        }
        return m
    }
}
