import Interleaving
import Synchronization

/// A page-table page that a vCPU's fault linked into the TDP page table.
public struct LinkRecord: Sendable, Hashable {
    /// The table holding the non-leaf SPTE.
    public let parent: PFN
    /// The level of `parent`.
    public let level: Int
    /// Index of the SPTE in `parent`.
    public let index: Int
    /// The linked page-table page.
    public let sp: PFN
}

/// What a fault's pre-lock half found, kept across RET_PF_RETRY when `faultin_each_attempt=false`
/// hoists it out of the retry loop: the `mmu_notifier_seq` snapshot and `kvm_faultin_pfn`'s hva and
/// pfn (whose page reference stays held until the fault completes).
public struct HeldFaultin: Sendable, Hashable {
    /// The seq snapshot.
    public let mmuSeq: UInt64
    /// The hva the memslot gave.
    public let hva: HVA
    /// The pfn `hva_to_pfn` returned.
    public let pfn: PFN
}

/// A virtual CPU: its TLB, fault statistics, the page-table pages its faults linked, and its
/// APICv state with the pending `KVM_REQ_APICV_UPDATE`.
public final class VCPU: Sendable {
    /// vCPU index.
    public let id: Int
    /// The vCPU's TLB.
    public let tlb = TLB()
    private let linkRecords = PosixMutex<[LinkRecord]>([])
    let faultCounter = Atomic<Int>(0)
    /// `KVM_REQ_APICV_UPDATE` is pending (`kvm_make_all_cpus_request` sets it, `kvm_check_request`
    /// clears it).
    let apicvUpdateRequest = Atomic<Bool>(false)
    let apicvState = Atomic<Bool>(true)
    private let heldSnapshot = PosixMutex<UInt64?>(nil)
    private let heldFaultin = PosixMutex<HeldFaultin?>(nil)
    /// `KVM_REQ_MMU_RELOAD` is pending (`kvm_reload_remote_mmus` sets it, the guest entry clears it).
    let mmuReloadRequest = Atomic<Bool>(false)
    private let reloadedRoot = PosixMutex<PFN?>(nil)

    /// Creates vCPU `id`.
    public init(id: Int) { self.id = id }

    func recordLink(_ record: LinkRecord) {
        linkRecords.withLock { $0.append(record) }
    }

    /// Drops the records of links into, or of, the freed page-table pages `freed` (a zap removed
    /// them from the table; caller holds mmu_lock for write).
    func forgetLinks(touching freed: Set<PFN>) {
        linkRecords.withLock { $0.removeAll { freed.contains($0.parent) || freed.contains($0.sp) } }
    }

    /// The notifier seq snapshot a fault kept for the next fault after RET_PF_RETRY (only with
    /// `snapshot_each_attempt=false`; nil when there is none).
    public var retrySnapshot: UInt64? {
        get { heldSnapshot.withLock { $0 } }
        set { heldSnapshot.withLock { $0 = newValue } }
    }

    /// The pre-lock half a fault kept for the next round of its retry loop (only with
    /// `faultin_each_attempt=false`; nil when there is none).
    public var retryFaultin: HeldFaultin? {
        get { heldFaultin.withLock { $0 } }
        set { heldFaultin.withLock { $0 = newValue } }
    }

    /// The root this vCPU loaded after a memslot update invalidated the old one (`kvm_mmu_load`
    /// on guest entry); nil while it still uses the root every vCPU loaded first (`tdp.root`).
    public var newRoot: PFN? {
        get { reloadedRoot.withLock { $0 } }
        set { reloadedRoot.withLock { $0 = newValue } }
    }

    /// Every page-table page this vCPU linked (`installed_sp_linked` checks they stay linked).
    public var links: [LinkRecord] { linkRecords.withLock { $0 } }
    /// Page faults handled on this vCPU.
    public var faults: Int { faultCounter.load(ordering: .relaxed) }
    /// `vcpu->arch.apicv_active`: the VM's APICv state as of this vCPU's last
    /// `kvm_vcpu_update_apicv` (only `apicv_request` updates it).
    public var apicvActive: Bool { apicvState.load(ordering: .sequentiallyConsistent) }
    /// `KVM_REQ_APICV_UPDATE` is pending on this vCPU.
    public var apicvUpdatePending: Bool { apicvUpdateRequest.load(ordering: .sequentiallyConsistent) }
}
