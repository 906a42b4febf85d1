import Interleaving
import Synchronization

extension KVM {
    /// `kvm_zap_gfn_range`: clears the leaf SPTEs of `range` and flushes every vCPU's TLB.
    ///
    /// Upstream (edb298c663fc, v5.15) takes mmu_lock for write and brackets the zap with
    /// kvm_inc/dec_notifier_count; `zap_lock=read` is the 6103bc074048 shape (shared-mode TDP zap:
    /// each SPTE frozen with cmpxchg, TLBs flushed, then cleared, as `tdp_mmu_zap_spte_atomic`).
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
        P.lock(mmuLock, mode, "zap.lock")
        if variant.zapBumpsNotifier {
            // kvm_inc_notifier_count(kvm, gfn_start, gfn_end) (edb298c663fc); range per 6d3085e4d89a.
            P.reach(points, "zap.inc_count")
            notifier.begin(0, UInt64.max, merge: variant.rangeMerge)
        }
        // kvm_tdp_mmu_zap_gfn_range -> zap_gfn_range
        P.reach(points, "zap.clear_spte")
        var flush = false
        var gfn = range.lowerBound
        // tdp_iter_start -> tdp_iter_restart seeds iter->yielded_gfn with the walk's start gfn, so
        // tdp_mmu_iter_cond_resched ("Ensure forward progress has been made before yielding")
        // never yields before the walk has moved past where it started.
        var yieldedAt = range.lowerBound
        while let (leafGFN, slot) = tdp.nextLeafSlot(from: gfn, below: range.upperBound) {
            if mmuLock.hasWaiters && yieldedAt != leafGFN {
                // tdp_mmu_iter_cond_resched: flush what we zapped, then yield mmu_lock (only after
                // forward progress: the kernel's next_last_level_gfn == yielded_gfn check).
                if flush { flushRemoteTLBs(); flush = false }
                P.reach(points, "zap.unlock")
                P.unlock(mmuLock, mode)
                P.lock(mmuLock, mode, "zap.lock")
                yieldedAt = leafGFN
                gfn = leafGFN
                continue  // re-walk from the root: tables may have changed meanwhile
            }
            if mode == .exclusive {
                // tdp_mmu_set_spte(kvm, &iter, 0) under the write lock.
                let old = SPTE(rawValue: slot.pointee.exchange(0, ordering: .acquiringAndReleasing))
                if old.isPresent { flush = true }
            } else {
                zapSPTEAtomic(slot)
            }
            gfn = leafGFN + 1
        }
        if flush { flushRemoteTLBs() }  // kvm_flush_remote_tlbs_with_address
        if variant.zapBumpsNotifier {
            // kvm_dec_notifier_count: seq++; smp_wmb(); count--;
            P.reach(points, "zap.seq_inc")
            notifier.incrementSeq()
            P.reach(points, "zap.count_dec")
            notifier.decrementCount()
        }
        P.reach(points, "zap.unlock")
        P.unlock(mmuLock, mode)
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
