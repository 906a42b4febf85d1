import Interleaving

extension KVM: MMUNotifierSubscriber {
    /// `kvm_mmu_notifier_invalidate_range_start` (v5.15): under mmu_lock for write,
    /// `kvm_inc_notifier_count` then `kvm_unmap_gfn_range` for every memslot overlapping the hva
    /// range, flushing remote TLBs when an SPTE was zapped.
    public func invalidateRangeStart(_ range: Range<HVA>) {
        mmuLock.lock(.exclusive, at: "inv.start_lock")
        points.reach("inv.begin")
        notifier.begin(range.lowerBound, range.upperBound, merge: variant.rangeMerge)
        points.reach("inv.unmap")
        var flush = false
        for slot in memslots {
            for gfn in slot.gfns(overlapping: range) where clearLeafExclusive(gfn) { flush = true }
        }
        if flush { flushRemoteTLBs() }
        points.reach("inv.start_unlock")
        mmuLock.unlock(.exclusive)
    }

    /// `kvm_mmu_notifier_invalidate_range_end` (v5.15): under mmu_lock for write,
    /// `kvm_dec_notifier_count` (seq++, count--).
    public func invalidateRangeEnd(_ range: Range<HVA>) {
        mmuLock.lock(.exclusive, at: "inv.end_lock")
        points.reach("inv.end")
        notifier.end()
        points.reach("inv.end_unlock")
        mmuLock.unlock(.exclusive)
    }
}
