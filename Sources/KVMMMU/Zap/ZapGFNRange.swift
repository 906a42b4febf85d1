import Interleaving
import Synchronization

extension KVM {
    /// `kvm_zap_gfn_range`: clears the leaf SPTEs of `range` and flushes every vCPU's TLB.
    ///
    /// Upstream (v5.15) takes mmu_lock for write (5a324c24b638, the revert of 6103bc074048) and
    /// brackets the zap with kvm_inc/dec_notifier_count (edb298c663fc); `zap_lock=read` is the
    /// 6103bc074048 shape (shared-mode TDP zap: each SPTE frozen with cmpxchg, TLBs flushed, then
    /// cleared, as `tdp_mmu_zap_spte_atomic`). The bump's range is `zap_range`: (0, ~0) as in
    /// 6d3085e4d89a (v6.1), or the gfn range itself as in edb298c663fc (v5.15), which the fault's
    /// `mmu_notifier_retry_hva` compares with an hva.
    ///
    /// The walk is the fault's MMU's, as in v5.15 (rmaps when `kvm_memslots_have_rmaps`, else the
    /// TDP MMU's roots): with `fault_lock=read` the TDP walk (`zap_gfn_range`); with
    /// `fault_lock=write` and `zap_yields` the legacy MMU's rmap walk (`slot_handle_level_range` from
    /// `PG_LEVEL_4K` to `KVM_MAX_HUGEPAGE_LEVEL`, `kvm_zap_rmapp`). KVMMMU has one page table
    /// and no rmaps: the 4K rmap of a gfn is its leaf SPTE, and as KVMMMU maps no huge pages the
    /// 2M and 1G rmaps are empty (visited, zapping nothing). Without `zap_yields` the zap holds
    /// mmu_lock throughout (the models' zap before issue 14), and either MMU's walk is the TDP one.
    ///
    /// With `zap_yields`, the zap drops and retakes mmu_lock where the kernel's walk does, at the
    /// schedule points `zap.resched_unlock` / `zap.resched_lock`, when `needsBreak` says so (a
    /// waiter on the real lock; in a replay, the schedule asking for the yield): the TDP walk in
    /// `tdp_mmu_iter_cond_resched`, only after forward progress, flushing first; the rmap walk
    /// after each rmap (`cond_resched_rwlock_write`, flushing first: `flush_on_yield`).
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
            // kvm_inc_notifier_count(kvm, gfn_start, gfn_end) (edb298c663fc); from 6d3085e4d89a
            // kvm_mmu_invalidate_begin(kvm, 0, -1ul).
            P.reach(self, "zap.inc_count")
            switch variant.zapRange {
            case .all: notifier.begin(0, UInt64.max, merge: variant.rangeMerge)
            case .gfn: notifier.begin(range.lowerBound, range.upperBound, merge: variant.rangeMerge)
            }
        }
        if variant.faultLock == .write && variant.zapYields {
            zapRmaps(range, mode, P.self)
        } else {
            zapTDP(range, mode, P.self)
        }
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

    /// `cond_resched_rwlock_write/read`: drop mmu_lock, let the waiter in, retake it, at the
    /// schedule points `unlockAt` and `relockAt` (the zap's, or the notifier unmap's).
    @inline(__always)
    func yieldMMULock<P: SchedulePointPolicy>(_ mode: LockAcquireMode, _: P.Type,
                                              unlockAt: String = "zap.resched_unlock",
                                              relockAt: String = "zap.resched_lock") {
        P.reach(self, unlockAt)
        P.unlock(mmuLock, mode)
        P.relax()
        P.lock(self, mmuLock, mode, relockAt)
    }

    /// The TDP MMU's zap of `range` (`kvm_tdp_mmu_zap_gfn_range` -> `zap_gfn_range`), then the flush.
    @inline(__always)
    func zapTDP<P: SchedulePointPolicy>(_ range: Range<GFN>, _ mode: LockAcquireMode, _: P.Type) {
        P.reach(self, "zap.clear_spte")
        var flush = false
        var removed: [PFN] = []  // page-table pages unlinked, freed after the flush
        var gfn = range.lowerBound
        // tdp_iter_start -> tdp_iter_restart seeds iter->yielded_gfn with the walk's start gfn, so
        // tdp_mmu_iter_cond_resched ("Ensure forward progress has been made before yielding")
        // never yields before the walk has moved past where it started.
        var yieldedAt = range.lowerBound
        while let target = nextZapTarget(from: gfn, range, exclusive: mode == .exclusive) {
            if variant.zapYields && yieldedAt != target.gfn && mmuLock.needsBreak(yieldingAt: "zap.resched_unlock") {
                // tdp_mmu_iter_cond_resched: flush what we zapped, then yield mmu_lock (only after
                // forward progress: the kernel's next_last_level_gfn == yielded_gfn check).
                if flush { flushAndFree(&removed); flush = false }
                yieldMMULock(mode, P.self)
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
    }

    /// The legacy MMU's zap of `range`: `slot_handle_level_range(kvm, memslot, kvm_zap_rmapp,
    /// PG_LEVEL_4K, KVM_MAX_HUGEPAGE_LEVEL, start, end - 1, flush_on_yield=true, flush)` visits
    /// each level's rmaps covering `range` (levels outer, as `for_each_slot_rmap_range`), and after
    /// each rmap yields when `need_resched() || rwlock_needbreak(&kvm->mmu_lock)`, flushing first.
    /// The 4K rmap of a gfn is its leaf SPTE; the 2M and 1G rmaps are empty here (no huge pages).
    @inline(__always)
    func zapRmaps<P: SchedulePointPolicy>(_ range: Range<GFN>, _ mode: LockAcquireMode, _: P.Type) {
        guard !range.isEmpty else { return }
        var flush = false
        for level in 1...3 {  // PG_LEVEL_4K ... PG_LEVEL_1G
            let shift = UInt64(9 * (level - 1))  // KVM_HPAGE_GFN_SHIFT(level)
            for frame in (range.lowerBound >> shift)...((range.upperBound - 1) >> shift) {
                P.reach(self, "zap.clear_spte")
                if level == 1 {
                    // kvm_zap_rmapp -> pte_list_remove: clear the gfn's 4K SPTE.
                    if mode == .exclusive {
                        if clearLeafExclusive(frame) { flush = true }
                    } else if case .leaf(let slot) = tdp.walk(frame) {
                        zapSPTEAtomic(slot)
                    }
                }
                if variant.zapYields && mmuLock.needsBreak(yieldingAt: "zap.resched_unlock") {
                    // flush_on_yield: kvm_flush_remote_tlbs_with_address, then cond_resched_rwlock_write.
                    if flush { flushRemoteTLBs(); flush = false }
                    yieldMMULock(mode, P.self)
                }
            }
        }
        if flush { flushRemoteTLBs() }  // kvm_zap_gfn_range: kvm_flush_remote_tlbs_with_address
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
