import ProtocolDSL

/// The models the CLI knows, by name.
public enum ModelCatalog {
    /// This repository's catalog: every model, and KVMMMU as the replay target of the KVM models.
    public static let catalog = ProtocolCatalog(
        models: [APICAccessZap.model, NotifierInvalidate.model, GFNInvalidate.model, TDPSharedFault.model,
                 ObsoleteRootFault.model, Seqlock.model, LockFairness.model],
        replayTargets: [
            APICAccessZap.model.name: ReplayTargetReference(module: "KVMReplayAdapter", target: "KVMTarget.apicAccessZap"),
            NotifierInvalidate.model.name: ReplayTargetReference(module: "KVMReplayAdapter",
                                                                 target: "KVMTarget.notifierInvalidate"),
            GFNInvalidate.model.name: ReplayTargetReference(module: "KVMReplayAdapter", target: "KVMTarget.gfnInvalidate"),
            TDPSharedFault.model.name: ReplayTargetReference(module: "KVMReplayAdapter", target: "KVMTarget.tdpSharedFault"),
            ObsoleteRootFault.model.name: ReplayTargetReference(module: "KVMReplayAdapter",
                                                                target: "KVMTarget.obsoleteRootFault"),
        ])

    /// The KVM models: KVMMMU implements them, so their counterexamples replay as tests.
    public static var replayable: [ProtocolModel] { catalog.replayable }

    /// Every model, in the order `mmuspec list` prints them: the KVM models, then the seqlock and
    /// lock-fairness examples.
    public static var all: [ProtocolModel] { catalog.models }

    /// The model named `name`, or a `ModelError` listing the valid names.
    public static func model(named name: String) throws -> ProtocolModel { try catalog.model(named: name) }
}
