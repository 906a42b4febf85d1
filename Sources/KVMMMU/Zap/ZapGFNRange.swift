import Interleaving
import Synchronization

extension KVM {
    /// `kvm_zap_gfn_range`: clears the leaf SPTEs of `range` and flushes every vCPU's TLB.
    ///
    /// Upstream (v5.15) takes mmu_lock for write (5a324c24b638, the revert of 6103bc074048) and
    /// brackets the zap with kvm_inc/dec_notifier_count (edb298c663fc); `zap_lock=read` is the
    /// 6103bc074048 shape (shared-mode TDP zap: each SPTE frozen with cmpxchg, TLBs flushed, then
    /// cleared, as `tdp_mmu_zap_spte_atomic`). Only the TDP MMU's zap is implemented (no rmaps).
    /// The notifier range is (0, ~0) as in 6d3085e4d89a (v6.1): the v5.15 call passed the gfn
    /// range into the hva-based retry check, which the models abstract as "the APIC gfn is always
    /// in range". When another thread waits for mmu_lock, the zap drops and retakes it part-way
    /// (`tdp_mmu_iter_cond_resched` -> `cond_resched_rwlock_write/read`), flushing first, at the
    /// schedule points `zap.unlock` / `zap.lock`.
    ///
    /// Like `pageFault`, the hub is sampled once on entry.
    public func zapGFNRange(_ range: Range<GFN>) {
        if points.isActive {
            zap(range, LivePoints.self)
        } else if jitter != nil {
            zap(range, JitteredPoints.self)
        } else {
            zap(range, BypassedPoints.self)
        }
    }

    /// The zap testing the hub at every schedule point (benchmark only).
    @_spi(Benchmark)
    public func zapGFNRangeCheckingEachPoint(_ range: Range<GFN>) {
        zap(range, LivePoints.self)
    }

    /// The same zap with its schedule points compiled out (benchmark baseline only).
    public func zapGFNRangeBypassingSchedulePoints(_ range: Range<GFN>) {
        zap(range, BypassedPoints.self)
    }

    @inline(never)
    func zap<P: SchedulePointPolicy>(_ range: Range<GFN>, _: P.Type) {
        let mode = variant.zapLock.acquireMode
        P.lock(self, mmuLock, mode, "zap.lock")
        if variant.zapBumpsNotifier {
            // kvm_inc_notifier_count(kvm, gfn_start, gfn_end) (edb298c663fc); range per 6d3085e4d89a.
            P.reach(self, "zap.inc_count")
            notifier.begin(0, UInt64.max, merge: variant.rangeMerge)
        }
        // kvm_tdp_mmu_zap_gfn_range -> zap_gfn_range
        P.reach(self, "zap.clear_spte")
        var flush = false
        var removed: [PFN] = []  // page-table pages unlinked, freed after the flush
        var gfn = range.lowerBound
        // tdp_iter_start -> tdp_iter_restart seeds iter->yielded_gfn with the walk's start gfn, so
        // tdp_mmu_iter_cond_resched ("Ensure forward progress has been made before yielding")
        // never yields before the walk has moved past where it started.
        var yieldedAt = range.lowerBound
        while let target = nextZapTarget(from: gfn, range, exclusive: mode == .exclusive) {
            if mmuLock.hasWaiters && yieldedAt != target.gfn {
                // tdp_mmu_iter_cond_resched: flush what we zapped, then yield mmu_lock (only after
                // forward progress: the kernel's next_last_level_gfn == yielded_gfn check).
                if flush { flushAndFree(&removed); flush = false }
                P.reach(self, "zap.unlock")
                P.unlock(mmuLock, mode)
                P.lock(self, mmuLock, mode, "zap.lock")
                yieldedAt = target.gfn
                gfn = target.gfn
                continue  // re-walk from the root: tables may have changed meanwhile
            }
            if mode == .exclusive {
                // tdp_mmu_set_spte(kvm, &iter, 0) under the write lock; a non-leaf SPTE takes its
                // tables with it (handle_removed_tdp_mmu_page).
                let old = SPTE(rawValue: target.slot.pointee.exchange(0, ordering: .acquiringAndReleasing))
                if old.isPresent {
                    flush = true
                    if target.level > 1 { removed += tdp.subtree(old.pfn, level: target.level - 1) }
                }
            } else {
                zapSPTEAtomic(target.slot)
            }
            gfn = target.gfn + target.span
        }
        if flush { flushAndFree(&removed) }  // kvm_flush_remote_tlbs_with_address
        if variant.zapBumpsNotifier {
            // kvm_dec_notifier_count: seq++; smp_wmb(); count--;
            P.reach(self, "zap.seq_inc")
            notifier.incrementSeq()
            P.reach(self, "zap.count_dec")
            notifier.decrementCount()
        }
        P.reach(self, "zap.unlock")
        P.unlock(mmuLock, mode)
    }

    /// The next SPTE the zap of `range` removes from `gfn` on. Under the write lock that is a
    /// present leaf or a non-leaf SPTE covering only gfns in `range` (`zap_gfn_range`); under the
    /// read lock only leaves (simplification: freeing tables beside concurrent faults needs RCU,
    /// which KVMMMU does not model, so the 6103bc074048 shape here zaps leaves only).
    func nextZapTarget(from gfn: GFN, _ range: Range<GFN>, exclusive: Bool) -> TDPPageTable.ZapTarget? {
        if exclusive { return tdp.nextZapTarget(from: gfn, start: range.lowerBound, end: range.upperBound) }
        return tdp.nextLeafSlot(from: gfn, below: range.upperBound).map { TDPPageTable.ZapTarget(gfn: $0.gfn, level: 1, slot: $0.slot) }
    }

    /// Flushes every vCPU's TLB, then frees the page-table pages in `removed` (and forgets the
    /// links into them). The flush waits for every hardware walk in flight (each runs under its
    /// vCPU's TLB lock), standing in for the RCU grace period before `tdp_mmu_free_sp_rcu_callback`.
    /// Caller holds mmu_lock for write, so no fault is walking the removed tables.
    func flushAndFree(_ removed: inout [PFN]) {
        flushRemoteTLBs()
        guard !removed.isEmpty else { return }
        let freed = Set(removed)
        for vcpu in vcpus { vcpu.forgetLinks(touching: freed) }
        for table in removed { memory.put(table) }
        removed.removeAll()
    }

    /// `tdp_mmu_zap_spte_atomic` (shared mode): freeze the SPTE with cmpxchg (REMOVED_SPTE),
    /// flush remote TLBs, then clear it. Skips non-present (including frozen) SPTEs.
    func zapSPTEAtomic(_ slot: UnsafeMutablePointer<Atomic<UInt64>>) {
        var old = SPTE(rawValue: slot.pointee.load(ordering: .acquiring))
        while old.isPresent {
            let (exchanged, original) = slot.pointee.compareExchange(
                expected: old.rawValue, desired: SPTE.frozen.rawValue, ordering: .acquiringAndReleasing)
            if exchanged {
                flushRemoteTLBs()
                slot.pointee.store(SPTE.empty.rawValue, ordering: .releasing)
                return
            }
            old = SPTE(rawValue: original)
        }
    }

    /// Clears the leaf SPTE of `gfn` under the exclusive mmu_lock; true when one was present.
    func clearLeafExclusive(_ gfn: GFN) -> Bool {
        guard case .leaf(let slot) = tdp.walk(gfn) else { return false }
        return SPTE(rawValue: slot.pointee.exchange(0, ordering: .acquiringAndReleasing)).isPresent
    }
}
