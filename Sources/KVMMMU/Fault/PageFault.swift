import Interleaving

extension KVM {
    /// Handles a TDP page fault of vCPU `vcpu` on `gfn` (v5.15 `direct_page_fault`), in the order
    /// of kvm-protocol.md, calling the models' schedule points before each step.
    ///
    /// The schedule-point hub is sampled once on entry: with no scheduler installed the fault
    /// runs the specialization without points (a managed thread only runs while its scheduler
    /// is installed, so a fault that starts with none installed can never need to park).
    public func pageFault(vcpu: Int, gfn: GFN) -> FaultOutcome {
        if points.isActive {
            return handlePageFault(vcpu, gfn, LivePoints.self)
        }
        if jitter != nil {
            return handlePageFault(vcpu, gfn, JitteredPoints.self)
        }
        return handlePageFault(vcpu, gfn, BypassedPoints.self)
    }

    /// The fault path testing the hub at every schedule point even with no scheduler installed
    /// (what `pageFault` would cost without the entry dispatch; benchmark only).
    @_spi(Benchmark)
    public func pageFaultCheckingEachPoint(vcpu: Int, gfn: GFN) -> FaultOutcome {
        handlePageFault(vcpu, gfn, LivePoints.self)
    }

    /// The same fault path with every schedule point compiled out (benchmark baseline only).
    public func pageFaultBypassingSchedulePoints(vcpu: Int, gfn: GFN) -> FaultOutcome {
        handlePageFault(vcpu, gfn, BypassedPoints.self)
    }

    @inline(never)
    func handlePageFault<P: SchedulePointPolicy>(_ vcpuID: Int, _ gfn: GFN, _: P.Type) -> FaultOutcome {
        vcpus[vcpuID].faultCounter.add(1, ordering: .relaxed)
        var mmuSeq: UInt64 = 0
        let hva: HVA
        let pfn: PFN
        if !variant.faultinEachAttempt, let held = vcpus[vcpuID].retryFaultin {
            // faultin_each_attempt=false: the retry loop goes round the mmu_lock section only, with
            // the first attempt's snapshot, hva and pfn (its page reference still held).
            (mmuSeq, hva, pfn) = (held.mmuSeq, held.hva, held.pfn)
        } else {
            if variant.seqBeforeSlot {
                // direct_page_fault: mmu_seq = vcpu->kvm->mmu_notifier_seq; smp_rmb(); -- FIRST.
                mmuSeq = snapshotSeq(vcpuID, P.self)
            }
            // kvm_faultin_pfn (try_async_pf before 33a5c0009d14): find the memslot.
            P.reach(self, "fault.memslot")
            guard let slot = memslot(for: gfn) else {
                // No memslot: MMIO, emulated. (Simplification: no MMIO SPTE caching.)
                return .emulate
            }
            if slot.isAPICAccess && !apicv.isActive {
                // 9cc13d60ba6b: the APIC access memslot while APICv is inactive -> RET_PF_EMULATE,
                // no SPTE, no MMIO caching.
                return .emulate
            }
            // hva_to_pfn: resolve gfn -> hva -> pfn, taking a page reference.
            P.reach(self, "fault.gup")
            hva = slot.hva(of: gfn)
            guard let found = host.getUserPage(hva) else { return .hostFault }
            pfn = found
            if !variant.seqBeforeSlot {
                // The seq-after-slot variant: the snapshot comes after the memslot/APICv check.
                mmuSeq = snapshotSeq(vcpuID, P.self)
            }
        }
        // r = RET_PF_RETRY; read_lock (TDP MMU) or write_lock (legacy MMU) of mmu_lock.
        let mode = variant.faultLock.acquireMode
        P.lock(self, mmuLock, mode, "fault.lock")
        var result = FaultOutcome.retry
        var mustRetry = false
        if variant.faultChecksRetry {
            // if (!is_noslot_pfn(pfn) && mmu_notifier_retry_hva(kvm, mmu_seq, hva)) goto out_unlock;
            // v6.8: is_page_fault_stale -> mmu_invalidate_retry_gfn(kvm, fault->mmu_seq, fault->gfn);
            // since a955cad84cda is_page_fault_stale(): an obsolete root (fault_checks_root) too.
            P.reach(self, "fault.retry_check")
            let notifierRetry: Bool
            switch notifierRange {
            case .hva: notifierRetry = notifier.shouldRetry(hva: hva, mmuSeq: mmuSeq, variant: variant)
            case .gfn: notifierRetry = notifier.shouldRetry(gfn: gfn, mmuSeq: mmuSeq, variant: variant)
            }
            // The vCPU's root is obsolete while it still uses the first root after an update invalidated it.
            let obsolete = roots.isObsolete && vcpus[vcpuID].newRoot == nil
            mustRetry = (variant.faultChecksRoot && obsolete) || notifierRetry
        }
        if !mustRetry {
            P.reach(self, "fault.map")
            result = tdpMap(vcpuID, gfn, pfn, shared: mode == .shared, P.self)
        }
        // out_unlock: unlock, kvm_release_pfn_clean(pfn), return r.
        P.reach(self, "fault.unlock")
        P.unlock(mmuLock, mode)
        if !variant.faultinEachAttempt && result == .retry {
            // The hoisted faultin keeps its pfn (and the reference) for the loop's next round.
            vcpus[vcpuID].retryFaultin = HeldFaultin(mmuSeq: mmuSeq, hva: hva, pfn: pfn)
        } else {
            vcpus[vcpuID].retryFaultin = nil
            host.release(pfn)
        }
        if !variant.snapshotEachAttempt {
            // The hoisted snapshot outlives a RET_PF_RETRY attempt and is dropped once the fault is done.
            vcpus[vcpuID].retrySnapshot = result == .retry ? mmuSeq : nil
        }
        return result
    }

    /// The fault's `mmu_notifier_seq` snapshot: read at schedule point `fault.snapshot_seq`, or,
    /// with `snapshot_each_attempt=false` after a RET_PF_RETRY, the vCPU's earlier one (no point:
    /// the hoisted snapshot is not taken again).
    @inline(__always)
    func snapshotSeq<P: SchedulePointPolicy>(_ vcpuID: Int, _: P.Type) -> UInt64 {
        if !variant.snapshotEachAttempt, let held = vcpus[vcpuID].retrySnapshot { return held }
        P.reach(self, "fault.snapshot_seq")
        return notifier.seq
    }

    /// `kvm_tdp_mmu_map`: walk from the root, linking missing page-table pages
    /// (`tdp_mmu_link_sp` since 2022; v5.15 publishes the SPTE with
    /// `tdp_mmu_set_spte_atomic_no_dirty_log` and then calls `tdp_mmu_link_page`), then install
    /// the leaf SPTE (`tdp_mmu_map_handle_target_level`).
    /// In shared mode with `install=cmpxchg`, SPTEs change by compare-and-swap
    /// (`tdp_mmu_set_spte_atomic`) and a lost race returns RET_PF_RETRY; otherwise by plain
    /// stores (correct only under the exclusive lock). With `lost_link=stale_in_place` a lost
    /// compare-and-swap is retried in place against the same stale value, for ever.
    ///
    /// Schedule points `fault.alloc_sp`, `fault.install` and `fault.free_sp` are reached for
    /// each missing non-leaf SPTE; the leaf install belongs to the step that precedes it.
    @inline(__always)
    func tdpMap<P: SchedulePointPolicy>(_ vcpuID: Int, _ gfn: GFN, _ pfn: PFN, shared: Bool, _: P.Type) -> FaultOutcome {
        let atomic = shared && variant.install == .cmpxchg
        P.reach(self, "fault.read_spte")
        // The vCPU's root: the one it reloaded after an update, else the first one.
        var table = vcpus[vcpuID].newRoot ?? tdp.root
        var level = TDPPageTable.levels
        while level > 1 {
            let slot = tdp.slot(table, gfn, level: level)
            var spte = SPTE(rawValue: slot.pointee.load(ordering: .acquiring))
            if spte.isFrozen { return .retry }  // is_removed_spte(): a shared zap owns it.
            if !spte.isPresent {
                // The kernel takes sp from the vCPU's memory cache, topped up before mmu_lock.
                P.reach(self, "fault.alloc_sp")
                guard let sp = memory.allocate(.pageTable) else { return .retry }
                P.reach(self, "fault.install")
                let linked = SPTE.table(sp)
                if atomic {
                    var (exchanged, _) = slot.pointee.compareExchange(
                        expected: spte.rawValue, desired: linked.rawValue, ordering: .acquiringAndReleasing)
                    while !exchanged && variant.lostLink == .staleInPlace {
                        // lost_link=stale_in_place: goto retry with the old value as it was read;
                        // nothing writes the current value back, so the cmpxchg fails again.
                        P.reach(self, "fault.install")
                        (exchanged, _) = slot.pointee.compareExchange(
                            expected: spte.rawValue, desired: linked.rawValue, ordering: .acquiringAndReleasing)
                    }
                    if !exchanged {
                        // tdp_mmu_set_spte_atomic failed: tdp_mmu_free_sp(sp); RET_PF_RETRY.
                        P.reach(self, "fault.free_sp")
                        memory.put(sp)
                        return .retry
                    }
                } else {
                    slot.pointee.store(linked.rawValue, ordering: .releasing)
                }
                vcpus[vcpuID].recordLink(LinkRecord(parent: table, level: level,
                                                    index: TDPPageTable.index(gfn, level: level), sp: sp))
                spte = linked
            }
            table = spte.pfn
            guard memory.kind(of: table) == .pageTable else {
                events.record(.tableUseAfterFree(vcpu: vcpuID, gfn: gfn, pfn: table))
                return .retry
            }
            level -= 1
        }
        let leaf = tdp.slot(table, gfn, level: 1)
        let old = SPTE(rawValue: leaf.pointee.load(ordering: .acquiring))
        if old.isFrozen { return .retry }
        let new = SPTE.leaf(pfn, writable: true)
        // tdp_mmu_map_handle_target_level: if (new_spte == iter->old_spte) ret = RET_PF_SPURIOUS;
        if old == new { return .spurious }
        if atomic {
            let (exchanged, _) = leaf.pointee.compareExchange(
                expected: old.rawValue, desired: new.rawValue, ordering: .acquiringAndReleasing)
            if !exchanged { return .retry }
        } else {
            leaf.pointee.store(new.rawValue, ordering: .releasing)
        }
        return .fixed
    }
}
