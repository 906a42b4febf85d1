import Interleaving

extension KVM {
    /// `kvm_mmu_zap_all_fast` with the TDP MMU (b7cccd397f31 with 4c6654bd160d, v5.13), as a
    /// memslot deletion or move calls it (`kvm_arch_flush_shadow_memslot`): under mmu_lock for
    /// write, invalidate the root (`root->role.invalid = true`), raise `KVM_REQ_MMU_RELOAD` on
    /// every vCPU (`kvm_reload_remote_mmus`; not with `reload_request=false`; a vCPU services it
    /// in `reloadRoot`) and, with no legacy shadow pages, drop the lock; then, under
    /// mmu_lock for read, `kvm_tdp_mmu_zap_invalidated_roots`: zap the invalidated root's SPTEs
    /// beside faults that hold the lock for read too, flush, unlock.
    ///
    /// Schedule points (model `updater` process): `roots.invalidate` (the write acquisition),
    /// `roots.unlock`, `roots.zap` (the read acquisition; the whole walk follows it),
    /// `roots.zap_unlock` (before the unlock, after which the zap has returned).
    ///
    /// Simplification: the shared-mode zap clears leaf SPTEs only, as `zapGFNRange` with
    /// `zap_lock=read` does (freeing tables beside concurrent faults needs RCU).
    public func zapAllFast() {
        if points.isActive {
            zapAllFast(LivePoints.self)
        } else if jitter != nil {
            zapAllFast(JitteredPoints.self)
        } else {
            zapAllFast(BypassedPoints.self)
        }
    }

    @inline(never)
    func zapAllFast<P: SchedulePointPolicy>(_: P.Type) {
        P.lock(self, mmuLock, .exclusive, "roots.invalidate")
        roots.invalidate()
        if variant.reloadRequest {
            // kvm_reload_remote_mmus(kvm): KVM_REQ_MMU_RELOAD on every vCPU.
            for target in vcpus { target.mmuReloadRequest.store(true, ordering: .sequentiallyConsistent) }
        }
        P.reach(self, "roots.unlock")
        P.unlock(mmuLock, .exclusive)
        P.lock(self, mmuLock, .shared, "roots.zap")
        var zappedAny = false
        for leaf in tdp.presentLeaves() {
            if case .leaf(let slot) = tdp.walk(leaf.gfn) {
                zapSPTEAtomic(slot)
                zappedAny = true
            }
        }
        if zappedAny { flushRemoteTLBs() }
        P.reach(self, "roots.zap_unlock")
        P.unlock(mmuLock, .shared)
        roots.markZapped()
    }
}
