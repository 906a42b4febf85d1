import Synchronization

/// The state of the TDP MMU root that the vCPUs use (`vcpu->arch.mmu->root_hpa`): whether a
/// memslot update's fast zap invalidated it (`root->role.invalid`) and whether its zap of the
/// invalidated roots has returned.
///
/// Simplification: KVMMMU has one shared root, loaded by every vCPU before any update; a vCPU
/// that services `KVM_REQ_MMU_RELOAD` on guest entry loads a root of its own
/// (`KVM.reloadRoot`, `VCPU.newRoot`), and a stress run's root updater declares the emptied
/// table the new root (`reload`).
public final class RootState: Sendable {
    private let invalid = Atomic<Bool>(false)
    private let zapped = Atomic<Bool>(false)

    /// Creates the state of a valid root.
    public init() {}

    /// `is_obsolete_sp(root)` for a TDP MMU root: `root->role.invalid`.
    public var isObsolete: Bool { invalid.load(ordering: .sequentiallyConsistent) }
    /// `kvm_tdp_mmu_zap_invalidated_roots` has returned for the invalidated root.
    public var invalidatedRootZapped: Bool { zapped.load(ordering: .sequentiallyConsistent) }

    func invalidate() { invalid.store(true, ordering: .sequentiallyConsistent) }
    func markZapped() { zapped.store(true, ordering: .sequentiallyConsistent) }
    /// The vCPUs have reloaded (stress runs only): KVMMMU reuses its one table, which the zap
    /// emptied, as the new valid root. Caller holds mmu_lock for write.
    func reload() {
        invalid.store(false, ordering: .sequentiallyConsistent)
        zapped.store(false, ordering: .sequentiallyConsistent)
    }
}
