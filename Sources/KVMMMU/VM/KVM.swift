import Interleaving
import Synchronization

/// A virtual machine: memslots over a host memory map, a TDP page table, `mmu_lock`, the
/// MMU-notifier counters, APICv state and vCPUs.
///
/// Construction order fixes the pfns: guest RAM pages first (pfn 1, 2, ...), then the TDP root,
/// then the APIC access page.
public final class KVM: Sendable {
    /// The APIC access page's gfn (`APIC_DEFAULT_PHYS_BASE >> PAGE_SHIFT`).
    public static let apicAccessGFN: GFN = 0xfee00

    /// The protocol variant selecting the code paths.
    public let variant: ProtocolVariant
    /// Host physical memory.
    public let memory: PhysicalMemory
    /// The host's memory map (primary MMU).
    public let host: HostMemoryMap
    /// The memslots (fixed at creation).
    public let memslots: [Memslot]
    /// The TDP page table.
    public let tdp: TDPPageTable
    /// `kvm->mmu_lock`.
    public let mmuLock: ControlledRWLock
    /// The MMU-notifier counters.
    public let notifier = NotifierCounters()
    /// What the notifier's invalidations record and the fault compares (hva before v6.8, gfn since).
    public let notifierRange: NotifierRange
    /// `kvm->mn_active_invalidate_count` (counted on the gfn path, `notifierRange == .gfn`): the
    /// `invalidate_range_start` calls whose `invalidate_range_end` has not returned yet.
    public let mnActiveInvalidateCount = Atomic<Int>(0)
    /// APICv state.
    public let apicv: APICvState
    /// The TDP MMU root's state: invalidated and zapped by `zapAllFast`.
    public let roots = RootState()
    /// The vCPUs.
    public let vcpus: [VCPU]
    /// Recorded events (use-after-free, un-intercepted APIC accesses, ...).
    public let events = KVMEventLog()
    /// The schedule-point hub.
    public let points: SchedulePoints
    /// Random delays at the schedule points while no scheduler runs (stress runs; nil: none).
    public let jitter: ScheduleJitter?

    /// Creates a VM per `configuration`, registering it as an MMU notifier of its host map.
    public init(_ configuration: KVMConfiguration, points: SchedulePoints = .shared) {
        self.points = points
        jitter = configuration.jitter
        variant = configuration.variant
        let ram = configuration.guestPages
        memory = PhysicalMemory(frames: configuration.physicalFrames)
        host = HostMemoryMap(memory: memory, pageCount: Int(ram) + 1, points: points)
        precondition(host.populate(0..<ram), "not enough physical frames for guest RAM")
        tdp = TDPPageTable(memory: memory)
        notifierRange = configuration.notifierRange
        var slots = configuration.guestMemslots ?? [Memslot(id: 0, baseGFN: 0, npages: ram, userspaceAddress: 0)]
        precondition(slots.allSatisfy { $0.hvas.upperBound <= ram }, "a memslot beyond the guest RAM pages")
        if configuration.apicAccessPage {
            // The APIC access page: a host page behind the private memslot at 0xfee00
            // (alloc_apic_access_page / __x86_set_memory_region).
            precondition(host.populate(ram..<(ram + 1)), "not enough physical frames")
            slots.append(Memslot(id: Memslot.apicAccessPrivateID, baseGFN: KVM.apicAccessGFN, npages: 1,
                                 userspaceAddress: ram))
        }
        memslots = slots
        mmuLock = ControlledRWLock(name: "mmu_lock", points: points)
        apicv = APICvState(points: points)
        vcpus = (0..<configuration.vcpus).map(VCPU.init)
        host.register(self)
    }

    /// The memslot containing `gfn` (`kvm_vcpu_gfn_to_memslot`).
    @inlinable public func memslot(for gfn: GFN) -> Memslot? {
        for slot in memslots where slot.gfns.contains(gfn) { return slot }
        return nil
    }

    /// The hva backing `gfn`, if any.
    public func hva(of gfn: GFN) -> HVA? { memslot(for: gfn)?.hva(of: gfn) }

    /// `kvm_flush_remote_tlbs`: flushes every vCPU's TLB.
    public func flushRemoteTLBs() {
        for vcpu in vcpus { vcpu.tlb.flush() }
    }
}
