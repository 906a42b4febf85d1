/// How to build a `KVM`.
public struct KVMConfiguration: Sendable {
    /// Number of vCPUs.
    public var vcpus: Int
    /// The protocol variant.
    public var variant: ProtocolVariant
    /// Guest RAM pages: host pages `0 ..< guestPages`, which memslot 0 maps to gfn
    /// `0 ..< guestPages` unless `guestMemslots` lays them out.
    public var guestPages: UInt64
    /// The memslots over the guest RAM pages (nil: one memslot 0 over all of them). A host page
    /// in no memslot is backed but unreachable from the guest.
    public var guestMemslots: [Memslot]?
    /// What the MMU-notifier invalidation records and the fault compares.
    public var notifierRange: NotifierRange
    /// Physical page frames of the host (data pages and page-table pages).
    public var physicalFrames: Int
    /// Whether to create the private APIC access memslot (gfn 0xfee00, backed by hva `guestPages`).
    public var apicAccessPage: Bool
    /// Random delays at the schedule points when no scheduler runs (stress runs only; nil: none).
    public var jitter: ScheduleJitter?

    /// Creates a configuration.
    public init(vcpus: Int = 1, variant: ProtocolVariant = ProtocolVariant(), guestPages: UInt64 = 64,
                physicalFrames: Int = 4096, apicAccessPage: Bool = true, jitter: ScheduleJitter? = nil,
                guestMemslots: [Memslot]? = nil, notifierRange: NotifierRange = .hva) {
        self.vcpus = vcpus
        self.variant = variant
        self.guestPages = guestPages
        self.physicalFrames = physicalFrames
        self.apicAccessPage = apicAccessPage
        self.jitter = jitter
        self.guestMemslots = guestMemslots
        self.notifierRange = notifierRange
    }
}

/// The range an MMU-notifier invalidation records, and what the fault's retry check compares.
public enum NotifierRange: String, Sendable, Hashable, CaseIterable {
    /// v5.12-v6.7: `kvm_inc_notifier_count` / `kvm_mmu_invalidate_begin(kvm, start, end)` records
    /// the hva range; `mmu_notifier_retry_hva` compares the fault's hva (4a42d848db95).
    case hva
    /// v6.8 (8569992d64b8): `kvm_mmu_invalidate_begin` sets `INVALID_GPA`, each overlapping
    /// memslot adds its gfn range (`kvm_mmu_invalidate_range_add`), and `mmu_invalidate_retry_gfn`
    /// compares the fault's gfn.
    case gfn
}
