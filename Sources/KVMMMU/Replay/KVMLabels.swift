/// Every schedule-point label KVMMMU emits, by model and process kind (CONTRACT.md spelling,
/// in step order). This is the single table to compare with the models.
///
/// The code paths are shared between models: a managed thread honours only its model's labels
/// for its kind, and the code of a point it does not honour belongs to the preceding step (e.g.
/// in `apic-access-zap` the hva -> pfn resolution at `fault.gup` is part of `fault.memslot`; in
/// `tdp-shared-fault` the snapshot, memslot and gup code runs before `fault.lock`). Points
/// whose flag is off are not reached at all.
public enum KVMLabels {
    /// `[model: [process kind: [label]]]`.
    public static let all: [String: [String: [String]]] = [
        KVMModel.apicAccessZap.rawValue: [
            "vcpu": ["fault.snapshot_seq", "fault.memslot", "fault.lock", "fault.retry_check", "fault.map",
                     "fault.unlock"],
            "inhibit": ["inhibit.set", "zap.lock", "zap.inc_count", "zap.clear_spte", "zap.seq_inc",
                        "zap.count_dec", "zap.unlock", "inhibit.done"],
        ],
        KVMModel.notifierInvalidate.rawValue: [
            "vcpu": ["fault.snapshot_seq", "fault.gup", "fault.lock", "fault.retry_check", "fault.map",
                     "fault.unlock"],
            "invalidator": ["inv.start_lock", "inv.begin", "inv.unmap", "inv.start_unlock", "inv.host_update",
                            "inv.end_lock", "inv.end", "inv.end_unlock"],
        ],
        KVMModel.tdpSharedFault.rawValue: [
            "vcpu": ["fault.lock", "fault.read_spte", "fault.alloc_sp", "fault.install", "fault.free_sp",
                     "fault.unlock"],
        ],
    ]

    /// The labels a thread of `kind` honours in `model` (empty for unknown names).
    public static func labels(model: String, kind: String) -> Set<String> {
        Set(all[model]?[kind] ?? [])
    }

    /// Every label KVMMMU can emit (the union over models).
    public static var union: Set<String> {
        Set(all.values.flatMap { $0.values.flatMap { $0 } })
    }
}
