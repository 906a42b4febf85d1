import Interleaving

extension KVM: MMUNotifierSubscriber {
    /// `kvm_mmu_notifier_invalidate_range_start` (v5.15): under mmu_lock for write,
    /// `kvm_inc_notifier_count` then `kvm_unmap_gfn_range` for every memslot overlapping the hva
    /// range, flushing remote TLBs when an SPTE was zapped.
    ///
    /// Simplifications: the kernel's `__kvm_handle_hva_range` takes mmu_lock and bumps the count
    /// only once some memslot overlaps the range; KVMMMU always does, which is the same for every
    /// range its scenes and the stress invalidate (each lies in a memslot). The unmap clears
    /// leaves one gfn at a time and never yields; the kernel's TDP unmap (`zap_gfn_range` with
    /// `may_block`) may yield after progress, which a one-page range never gives it.
    ///
    /// With `notifierRange == .gfn` it is v6.8's instead (`invalidateStartGFN`).
    public func invalidateRangeStart(_ range: Range<HVA>) {
        if notifierRange == .gfn {
            if points.isActive {
                invalidateStartGFN(range, LivePoints.self)
            } else if jitter != nil {
                invalidateStartGFN(range, JitteredPoints.self)
            } else {
                invalidateStartGFN(range, BypassedPoints.self)
            }
        } else if points.isActive {
            invalidateStart(range, LivePoints.self)
        } else if jitter != nil {
            invalidateStart(range, JitteredPoints.self)
        } else {
            invalidateStart(range, BypassedPoints.self)
        }
    }

    /// `kvm_mmu_notifier_invalidate_range_end` (v5.15): under mmu_lock for write,
    /// `kvm_dec_notifier_count` (seq++, count--).
    /// With `notifierRange == .gfn` it is v6.8's instead (`invalidateEndGFN`).
    public func invalidateRangeEnd(_ range: Range<HVA>) {
        if notifierRange == .gfn {
            if points.isActive {
                invalidateEndGFN(range, LivePoints.self)
            } else if jitter != nil {
                invalidateEndGFN(range, JitteredPoints.self)
            } else {
                invalidateEndGFN(range, BypassedPoints.self)
            }
        } else if points.isActive {
            invalidateEnd(LivePoints.self)
        } else if jitter != nil {
            invalidateEnd(JitteredPoints.self)
        } else {
            invalidateEnd(BypassedPoints.self)
        }
    }

    func invalidateStart<P: SchedulePointPolicy>(_ range: Range<HVA>, _: P.Type) {
        P.lock(self, mmuLock, .exclusive, "inv.start_lock")
        P.reach(self, "inv.begin")
        notifier.begin(range.lowerBound, range.upperBound, merge: variant.rangeMerge)
        P.reach(self, "inv.unmap")
        var flush = false
        for slot in memslots {
            for gfn in slot.gfns(overlapping: range) where clearLeafExclusive(gfn) { flush = true }
        }
        if flush { flushRemoteTLBs() }
        P.reach(self, "inv.start_unlock")
        P.unlock(mmuLock, .exclusive)
    }

    func invalidateEnd<P: SchedulePointPolicy>(_: P.Type) {
        P.lock(self, mmuLock, .exclusive, "inv.end_lock")
        P.reach(self, "inv.end")
        notifier.end()
        P.reach(self, "inv.end_unlock")
        P.unlock(mmuLock, .exclusive)
    }
}
