import KVMMMU
import ReplayTesting

/// The models whose steps KVMMMU mirrors, by their catalog names: the replay targets this
/// adapter provides.
public enum KVMModel: String, Sendable, Hashable, CaseIterable {
    /// APICv inhibit zapping the APIC access page vs. a page fault on it.
    case apicAccessZap = "apic-access-zap"
    /// Host MMU-notifier invalidation vs. a page fault.
    case notifierInvalidate = "notifier-invalidate"
    /// v6.8's gfn-based notifier invalidation across two memslots vs. page faults.
    case gfnInvalidate = "gfn-invalidate"
    /// vCPUs racing to link a page-table page in TDP shared mode.
    case tdpSharedFault = "tdp-shared-fault"
    /// A memslot update's fast zap invalidating the TDP MMU root vs. a page fault.
    case obsoleteRootFault = "obsolete-root-fault"

    /// The model by its name; throws for unknown names.
    public static func named(_ name: String) throws -> KVMModel {
        guard let model = KVMModel(rawValue: name) else {
            throw ReplayConfigurationError("KVMMMU implements no model '\(name)'; it implements "
                                           + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return model
    }
}

extension KVMInvariant {
    /// The invariant a model checks, on the real state.
    public static func of(_ model: KVMModel) -> KVMInvariant {
        switch model {
        case .apicAccessZap: return .apicUnmappedAfterInhibit
        case .notifierInvalidate, .gfnInvalidate: return .spteCoherent
        case .tdpSharedFault: return .installedSPLinked
        case .obsoleteRootFault: return .invalidatedRootEmpty
        }
    }
}
