import Interleaving
import Synchronization

extension KVM {
    /// `kvm_mmu_notifier_invalidate_range_start` as of v6.8 (8569992d64b8, virt/kvm/kvm_main.c):
    /// `mn_active_invalidate_count++`, then `__kvm_handle_hva_range` over the memslots
    /// overlapping `range` in hva order. At the first one it takes mmu_lock for write and calls
    /// `kvm_mmu_invalidate_begin` (count++, range `INVALID_GPA` on the first); for each one
    /// `kvm_mmu_unmap_gfn_range` adds the memslot's gfn range (`kvm_mmu_invalidate_range_add`;
    /// after the unmap with `range_add_first=false`) and unmaps it (`kvm_unmap_gfn_range`);
    /// `flush_on_ret` flushes remote TLBs when an SPTE was zapped. A range that overlaps no
    /// memslot takes neither mmu_lock nor the count.
    ///
    /// The TDP unmap (`fault_lock=read`: `tdp_mmu_zap_leafs` with `may_block`) yields where
    /// `tdp_mmu_iter_cond_resched` does when `unmap_yields`: between two gfns of one memslot
    /// (forward progress; each memslot is a walk of its own), when `needsBreak` says so (a
    /// waiter on the real lock; in a replay, the schedule asking for it), flushing first. The
    /// legacy MMU's rmap unmap (`fault_lock=write`: `kvm_handle_gfn_range`) never yields.
    /// Simplification: KVMMMU's one page table stands for both MMUs; the unmap clears leaf SPTEs
    /// only, as `tdp_mmu_zap_leafs` does.
    func invalidateStartGFN<P: SchedulePointPolicy>(_ range: Range<HVA>, _: P.Type) {
        P.reach(self, "inv.start")
        mnActiveInvalidateCount.add(1, ordering: .sequentiallyConsistent)
        let slots = memslotsOverlapping(range)
        guard !slots.isEmpty else { return }
        P.lock(self, mmuLock, .exclusive, "inv.start_lock")
        P.reach(self, "inv.begin")
        notifier.beginGFN()
        var flush = false
        for slot in slots {
            let gfns = slot.gfns(overlapping: range)
            if variant.rangeAddFirst {
                P.reach(self, "inv.range_add")
                notifier.addRange(gfns, merge: variant.rangeMerge)
            } else {
                P.reach(self, "inv.unmap_begin")
            }
            unmapGFNs(gfns, &flush, P.self)
            if !variant.rangeAddFirst {
                P.reach(self, "inv.range_add")
                notifier.addRange(gfns, merge: variant.rangeMerge)
            }
        }
        if flush { flushRemoteTLBs() }
        P.reach(self, "inv.start_unlock")
        P.unlock(mmuLock, .exclusive)
    }

    /// `kvm_mmu_notifier_invalidate_range_end` as of v6.8: when a memslot overlaps `range`,
    /// under mmu_lock for write `kvm_mmu_invalidate_end` (seq++, count--); then
    /// `mn_active_invalidate_count--`.
    func invalidateEndGFN<P: SchedulePointPolicy>(_ range: Range<HVA>, _: P.Type) {
        if !memslotsOverlapping(range).isEmpty {
            P.lock(self, mmuLock, .exclusive, "inv.end_lock")
            P.reach(self, "inv.end")
            notifier.end()
            P.reach(self, "inv.end_unlock")
            P.unlock(mmuLock, .exclusive)
        }
        mnActiveInvalidateCount.subtract(1, ordering: .sequentiallyConsistent)
    }

    /// The memslots whose host pages overlap `range`, in hva order
    /// (`kvm_for_each_memslot_in_hva_range`).
    func memslotsOverlapping(_ range: Range<HVA>) -> [Memslot] {
        memslots.filter { !$0.gfns(overlapping: range).isEmpty }.sorted { $0.userspaceAddress < $1.userspaceAddress }
    }

    /// `kvm_unmap_gfn_range` over one memslot's `gfns`: each leaf SPTE cleared (schedule point
    /// `inv.unmap` per gfn), yielding mmu_lock before a gfn other than the first when the TDP
    /// unmap may (`tdp_mmu_iter_cond_resched`: flush, `inv.resched_unlock`, `inv.resched_lock`).
    func unmapGFNs<P: SchedulePointPolicy>(_ gfns: Range<GFN>, _ flush: inout Bool, _: P.Type) {
        let yields = variant.unmapYields && variant.faultLock == .read
        for gfn in gfns {
            if yields && gfn != gfns.lowerBound && mmuLock.needsBreak(yieldingAt: "inv.resched_unlock") {
                if flush {
                    flushRemoteTLBs()
                    flush = false
                }
                yieldMMULock(.exclusive, P.self, unlockAt: "inv.resched_unlock", relockAt: "inv.resched_lock")
            }
            P.reach(self, "inv.unmap")
            if clearLeafExclusive(gfn) { flush = true }
        }
    }
}
