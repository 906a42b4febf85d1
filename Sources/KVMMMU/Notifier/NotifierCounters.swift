import Synchronization

/// `kvm->mmu_notifier_seq`, `mmu_notifier_count`, `mmu_notifier_range_start/end` (v5.15
/// names; `mmu_invalidate_*` since 20ec3ebd707c).
///
/// Writers hold mmu_lock (for write upstream; for read in the zap-read-lock variants, hence
/// atomics). The seq is read without the lock by the fault's snapshot.
public final class NotifierCounters: Sendable {
    let seqValue = Atomic<UInt64>(0)
    let countValue = Atomic<Int64>(0)
    let rangeStartValue = Atomic<UInt64>(0)
    let rangeEndValue = Atomic<UInt64>(0)

    /// Creates zeroed counters.
    public init() {}

    /// `mmu_notifier_seq`.
    public var seq: UInt64 { seqValue.load(ordering: .sequentiallyConsistent) }
    /// `mmu_notifier_count`.
    public var count: Int64 { countValue.load(ordering: .sequentiallyConsistent) }
    /// `[mmu_notifier_range_start, mmu_notifier_range_end)`.
    public var range: Range<UInt64> {
        let start = rangeStartValue.load(ordering: .sequentiallyConsistent)
        let end = rangeEndValue.load(ordering: .sequentiallyConsistent)
        return start..<max(start, end)
    }

    /// `kvm_inc_notifier_count` (v5.15): count++, and the range is set on the first
    /// invalidation or merged into the running one; with `merge` false the range is overwritten
    /// (the `range_merge=false` variant).
    public func begin(_ start: UInt64, _ end: UInt64, merge: Bool) {
        let count = countValue.add(1, ordering: .sequentiallyConsistent).newValue
        if count == 1 || !merge {
            rangeStartValue.store(start, ordering: .sequentiallyConsistent)
            rangeEndValue.store(end, ordering: .sequentiallyConsistent)
        } else {
            rangeStartValue.store(min(rangeStartValue.load(ordering: .sequentiallyConsistent), start), ordering: .sequentiallyConsistent)
            rangeEndValue.store(max(rangeEndValue.load(ordering: .sequentiallyConsistent), end), ordering: .sequentiallyConsistent)
        }
    }

    /// `INVALID_GPA` (`~0ull`): the range of a gfn-based invalidation (v6.8) before its first
    /// `kvm_mmu_invalidate_range_add`.
    public static let invalidGPA = UInt64.max

    /// `kvm_mmu_invalidate_begin` (v6.8, 8569992d64b8): `mmu_invalidate_in_progress++`, and on the
    /// first invalidation the range becomes `[INVALID_GPA, INVALID_GPA)`. Caller holds mmu_lock
    /// for write.
    public func beginGFN() {
        let count = countValue.add(1, ordering: .sequentiallyConsistent).newValue
        if count == 1 {
            rangeStartValue.store(Self.invalidGPA, ordering: .sequentiallyConsistent)
            rangeEndValue.store(Self.invalidGPA, ordering: .sequentiallyConsistent)
        }
    }

    /// `kvm_mmu_invalidate_range_add` (v6.8): the first range after `beginGFN` is stored, later
    /// ones merged with min/max; with `merge` false every range overwrites (`range_merge=false`).
    /// Caller holds mmu_lock for write.
    public func addRange(_ gfns: Range<GFN>, merge: Bool) {
        let start = rangeStartValue.load(ordering: .sequentiallyConsistent)
        if start == Self.invalidGPA || !merge {
            rangeStartValue.store(gfns.lowerBound, ordering: .sequentiallyConsistent)
            rangeEndValue.store(gfns.upperBound, ordering: .sequentiallyConsistent)
        } else {
            rangeStartValue.store(min(start, gfns.lowerBound), ordering: .sequentiallyConsistent)
            rangeEndValue.store(max(rangeEndValue.load(ordering: .sequentiallyConsistent), gfns.upperBound),
                                ordering: .sequentiallyConsistent)
        }
    }

    /// First half of `kvm_dec_notifier_count`: `mmu_notifier_seq++` (then `smp_wmb()`).
    public func incrementSeq() { seqValue.add(1, ordering: .sequentiallyConsistent) }

    /// Second half of `kvm_dec_notifier_count`: `mmu_notifier_count--`.
    public func decrementCount() { countValue.subtract(1, ordering: .sequentiallyConsistent) }

    /// `kvm_dec_notifier_count`: seq++, then count--.
    public func end() {
        incrementSeq()
        decrementCount()
    }

    /// `mmu_notifier_retry_hva` (v5.15), with the variant's flags selecting which checks exist:
    /// retry if an invalidation is in progress (and, with `range_check`, covers `hva`), or if the
    /// seq moved since `mmuSeq`. Caller holds mmu_lock.
    public func shouldRetry(hva: HVA, mmuSeq: UInt64, variant: ProtocolVariant) -> Bool {
        if variant.retryCount && count != 0 {
            if !variant.rangeCheck { return true }
            let range = self.range
            if range.lowerBound <= hva && hva < range.upperBound { return true }
        }
        if variant.retrySeq && seq != mmuSeq { return true }
        return false
    }

    /// `mmu_invalidate_retry_gfn` (v6.8, 8569992d64b8), with the variant's flags selecting which
    /// checks exist as in `shouldRetry(hva:)`: with an invalidation in progress, retry while the
    /// range is still `INVALID_GPA` (the kernel WARNs: a range must be added before mmu_lock is
    /// dropped) or when it covers `gfn`; retry when the seq moved since `mmuSeq`. Caller holds
    /// mmu_lock.
    public func shouldRetry(gfn: GFN, mmuSeq: UInt64, variant: ProtocolVariant) -> Bool {
        if variant.retryCount && count != 0 {
            let start = rangeStartValue.load(ordering: .sequentiallyConsistent)
            let end = rangeEndValue.load(ordering: .sequentiallyConsistent)
            if start == Self.invalidGPA || end == Self.invalidGPA { return true }
            if !variant.rangeCheck || (start <= gfn && gfn < end) { return true }
        }
        if variant.retrySeq && seq != mmuSeq { return true }
        return false
    }
}
