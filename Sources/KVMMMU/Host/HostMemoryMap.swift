import Interleaving
import Synchronization

/// The host process's memory map (the primary MMU): one host PTE per host virtual page,
/// mapping it to a physical frame, plus the MMU-notifier subscribers.
///
/// Simplifications: addresses are page numbers; there is no VMA tree, only a flat PTE array;
/// `mmap_lock` is a plain mutex serialising PTE updates; the only host operation that changes a
/// mapping is `replacePage` (migration-like: a new page with the same contents, old page put).
public final class HostMemoryMap: @unchecked Sendable {
    /// The physical memory the PTEs point into.
    public let memory: PhysicalMemory
    /// Number of host virtual pages.
    public let pageCount: Int

    private let ptes: UnsafeMutablePointer<Atomic<UInt64>>
    private let mmapLock = PosixMutex<Void>(())
    private let subscribers = PosixMutex<[WeakSubscriber]>([])
    private let points: SchedulePoints

    /// Creates an empty map of `pageCount` host virtual pages.
    public init(memory: PhysicalMemory, pageCount: Int, points: SchedulePoints = .shared) {
        self.memory = memory
        self.pageCount = pageCount
        self.points = points
        ptes = .allocate(capacity: pageCount)
        for index in 0..<pageCount { (ptes + index).initialize(to: Atomic(0)) }
    }

    deinit {
        ptes.deinitialize(count: pageCount)
        ptes.deallocate()
    }

    /// Registers a secondary MMU (`mmu_notifier_register`).
    public func register(_ subscriber: any MMUNotifierSubscriber) {
        subscribers.withLock { $0.append(WeakSubscriber(subscriber)) }
    }

    /// Backs `range` with freshly allocated data pages (no notifier: nothing can map them yet).
    /// Returns false when memory is exhausted.
    @discardableResult
    public func populate(_ range: Range<HVA>) -> Bool {
        mmapLock.withLock { _ in
            for hva in range {
                precondition(ptes[Int(hva)].load(ordering: .relaxed) == 0, "hva \(hva) already mapped")
                guard let pfn = memory.allocate(.data) else { return false }
                ptes[Int(hva)].store(pfn, ordering: .releasing)
            }
            return true
        }
    }

    /// The pfn the host PTE of `hva` maps now (0: not mapped).
    public func currentPFN(_ hva: HVA) -> PFN {
        guard hva < HVA(pageCount) else { return 0 }
        return ptes[Int(hva)].load(ordering: .acquiring)
    }

    /// Resolves `hva` to a pfn and takes a reference on the page (`hva_to_pfn`, gup-fast style:
    /// read the PTE, `get_page_unless_zero`, re-check the PTE). The caller must `release` it.
    public func getUserPage(_ hva: HVA) -> PFN? {
        guard hva < HVA(pageCount) else { return nil }
        while true {
            let pfn = ptes[Int(hva)].load(ordering: .acquiring)
            if pfn == 0 { return nil }
            if memory.tryGet(pfn) {
                if ptes[Int(hva)].load(ordering: .acquiring) == pfn { return pfn }
                memory.put(pfn)
            }
        }
    }

    /// Drops the reference taken by `getUserPage` (`kvm_release_pfn_clean`).
    public func release(_ pfn: PFN) {
        memory.put(pfn)
    }

    /// Replaces the page behind `hva` by a new page with the same contents and drops the host's
    /// reference to the old one, bracketed by the MMU notifiers like page migration:
    /// `mmu_notifier_invalidate_range_start`, PTE update (step `inv.host_update`),
    /// `mmu_notifier_invalidate_range_end`. Returns (old, new) pfns, nil when unmapped or out
    /// of memory.
    @discardableResult
    public func replacePage(_ hva: HVA) -> (old: PFN, new: PFN)? {
        replacePages(hva..<(hva + 1)).first ?? nil
    }

    /// Replaces every page of `range` as `replacePage` does, within one pair of notifier calls
    /// (one `invalidate_range_start` / `invalidate_range_end` over the whole range, one
    /// `inv.host_update` point). Returns (old, new) per page in order, nil where unmapped or out
    /// of memory.
    @discardableResult
    public func replacePages(_ range: Range<HVA>) -> [(old: PFN, new: PFN)?] {
        let targets = subscribers.withLock { $0.compactMap(\.value) }
        for target in targets { target.invalidateRangeStart(range) }
        // The primary MMU changes the host PTEs to new pages and frees the old pages.
        points.reach("inv.host_update")
        let result = mmapLock.withLock { _ -> [(old: PFN, new: PFN)?] in
            range.map { hva -> (old: PFN, new: PFN)? in
                guard hva < HVA(pageCount) else { return nil }
                let old = ptes[Int(hva)].load(ordering: .acquiring)
                guard old != 0, let new = memory.allocate(.data) else { return nil }
                for index in 0..<PhysicalMemory.wordsPerPage {
                    memory.word(new, index).pointee.store(memory.word(old, index).pointee.load(ordering: .relaxed), ordering: .relaxed)
                }
                ptes[Int(hva)].store(new, ordering: .releasing)
                memory.put(old)
                return (old, new)
            }
        }
        for target in targets { target.invalidateRangeEnd(range) }
        return result
    }
}
