import ProtocolDSL

/// The models the CLI knows, by name.
public enum ModelCatalog {
    /// The KVM models: KVMMMU implements them, so their counterexamples replay as tests.
    public static let replayable: [ProtocolModel] = [
        APICAccessZap.model,
        NotifierInvalidate.model,
        TDPSharedFault.model,
    ]

    /// Every model, in the order `mmuspec list` prints them: the KVM models, then the tutorial's.
    public static let all: [ProtocolModel] = replayable + [Seqlock.model]

    /// The model named `name`, or a `ModelError` listing the valid names.
    public static func model(named name: String) throws -> ProtocolModel {
        guard let m = all.first(where: { $0.name == name }) else {
            throw ModelError(.unknownModel, "unknown model '\(name)'; valid: " + all.map(\.name).joined(separator: ", "))
        }
        return m
    }
}
