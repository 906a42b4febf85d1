/// The models whose steps KVMMMU mirrors (names as in CONTRACT.md).
public enum KVMModel: String, Sendable, Hashable, CaseIterable {
    /// APICv inhibit zapping the APIC access page vs. a page fault on it.
    case apicAccessZap = "apic-access-zap"
    /// Host MMU-notifier invalidation vs. a page fault.
    case notifierInvalidate = "notifier-invalidate"
    /// vCPUs racing to link a page-table page in TDP shared mode.
    case tdpSharedFault = "tdp-shared-fault"

    /// The model by its name; throws for unknown names.
    public static func named(_ name: String) throws -> KVMModel {
        guard let model = KVMModel(rawValue: name) else { throw ProtocolVariantError.unknownModel(name) }
        return model
    }
}
