import Interleaving
import Synchronization

/// The host's physical memory: page frames of 512 atomic 64-bit words, with reference counts
/// and a page allocator.
///
/// Frame state is one atomic word per frame: `kind << 32 | refcount`. `allocate` hands out never
/// used frames first, then freed frames in FIFO order, so a freed frame stays free (and a stale
/// SPTE to it is detectable as a use-after-free) for as long as possible. `put` frees a frame
/// when its last reference goes (the kernel's `put_page`).
public final class PhysicalMemory: @unchecked Sendable {
    /// Words per page (4 KiB of 64-bit words, like a page of SPTEs).
    public static let wordsPerPage = 512

    /// Number of frames, including the reserved pfn 0.
    public let frameCount: Int

    @usableFromInline let words: UnsafeMutablePointer<Atomic<UInt64>>
    @usableFromInline let state: UnsafeMutablePointer<Atomic<UInt64>>
    private let allocator: PosixMutex<AllocatorState>
    private let freedCount = Atomic<Int>(0)
    private let allocatedCount = Atomic<Int>(0)

    struct AllocatorState {
        var nextFresh: Int = 1
        var freeList: [UInt32] = []
        var freeHead = 0
    }

    /// Creates `frames` page frames (frame 0 is reserved).
    public init(frames: Int) {
        precondition(frames >= 2)
        frameCount = frames
        words = .allocate(capacity: frames * Self.wordsPerPage)
        for index in 0..<(frames * Self.wordsPerPage) { (words + index).initialize(to: Atomic(0)) }
        state = .allocate(capacity: frames)
        for index in 0..<frames { (state + index).initialize(to: Atomic(0)) }
        allocator = PosixMutex(AllocatorState())
    }

    deinit {
        words.deinitialize(count: frameCount * Self.wordsPerPage)
        words.deallocate()
        state.deinitialize(count: frameCount)
        state.deallocate()
    }

    /// Allocates a zeroed frame of `kind` with one reference; nil when memory is exhausted.
    public func allocate(_ kind: PageKind) -> PFN? {
        precondition(kind != .free)
        let pfn: Int? = allocator.withLock { a in
            if a.nextFresh < frameCount {
                a.nextFresh += 1
                return a.nextFresh - 1
            }
            guard a.freeHead < a.freeList.count else { return nil }
            let pfn = Int(a.freeList[a.freeHead])
            a.freeHead += 1
            if a.freeHead > 1024 && a.freeHead * 2 > a.freeList.count {
                a.freeList.removeFirst(a.freeHead)
                a.freeHead = 0
            }
            return pfn
        }
        guard let pfn else { return nil }
        let base = words + pfn * Self.wordsPerPage
        for index in 0..<Self.wordsPerPage { base[index].store(0, ordering: .relaxed) }
        state[pfn].store(kind.rawValue << 32 | 1, ordering: .releasing)
        allocatedCount.add(1, ordering: .relaxed)
        return PFN(pfn)
    }

    /// The frame's current kind.
    public func kind(of pfn: PFN) -> PageKind {
        guard isValid(pfn) else { return .free }
        return PageKind(rawValue: state[Int(pfn)].load(ordering: .acquiring) >> 32) ?? .free
    }

    /// True when `pfn` is a frame number of this memory other than the reserved 0.
    @inlinable
    public func isValid(_ pfn: PFN) -> Bool { pfn != 0 && pfn < PFN(frameCount) }

    /// The frame's reference count (0 when free).
    public func referenceCount(of pfn: PFN) -> Int {
        guard isValid(pfn) else { return 0 }
        return Int(state[Int(pfn)].load(ordering: .acquiring) & 0xffff_ffff)
    }

    /// Takes a reference to an allocated frame (`get_page`); the caller must already hold one.
    public func get(_ pfn: PFN) {
        let old = state[Int(pfn)].add(1, ordering: .acquiringAndReleasing).oldValue
        precondition(old & 0xffff_ffff > 0, "get_page on a free frame \(pfn)")
    }

    /// Takes a reference unless the frame is free (`get_page_unless_zero`, as used by gup-fast).
    public func tryGet(_ pfn: PFN) -> Bool {
        guard isValid(pfn) else { return false }
        var current = state[Int(pfn)].load(ordering: .relaxed)
        while current & 0xffff_ffff != 0 {
            let (exchanged, original) = state[Int(pfn)].compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Drops a reference (`put_page`); the frame returns to the allocator when it was the last.
    public func put(_ pfn: PFN) {
        let old = state[Int(pfn)].subtract(1, ordering: .acquiringAndReleasing).oldValue
        precondition(old & 0xffff_ffff > 0, "put_page on a free frame \(pfn)")
        if old & 0xffff_ffff == 1 {
            state[Int(pfn)].store(0, ordering: .releasing)
            freedCount.add(1, ordering: .relaxed)
            allocator.withLock { $0.freeList.append(UInt32(pfn)) }
        }
    }

    /// Word `index` of frame `pfn`.
    @inlinable
    public func word(_ pfn: PFN, _ index: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        words + Int(pfn) * Self.wordsPerPage + index
    }

    /// Frames allocated so far (including ones since freed).
    public var allocations: Int { allocatedCount.load(ordering: .relaxed) }
    /// Frames freed so far.
    public var frees: Int { freedCount.load(ordering: .relaxed) }

    /// All frames currently of `kind` (a scan; for invariant checks).
    public func frames(of kind: PageKind) -> [PFN] {
        (1..<frameCount).compactMap { self.kind(of: PFN($0)) == kind ? PFN($0) : nil }
    }
}
