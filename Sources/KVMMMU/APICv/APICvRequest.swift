import Interleaving

extension KVM {
    /// The guest entry of vCPU `vcpu` (`vcpu_enter_guest`), as far as `KVM_REQ_APICV_UPDATE`
    /// goes; with `apicv_request` off it does nothing.
    ///
    /// At schedule point `vcpu.enter_guest`, `kvm_check_request` tests and clears the request; a
    /// pending one is serviced by `kvm_vcpu_update_apicv`, which takes `apicv_update_lock` at
    /// point `vcpu.update_apicv` (blocked while an APICv update holds it: from before the
    /// update stores the reasons until its zap returned), copies the VM's APICv state into the
    /// vCPU's (`vcpu->arch.apicv_active`) and unlocks. b0a1637f64b0 made the lock a mutex;
    /// 187c8833def8 made it a rwsem that vCPUs take for read, which a vCPU holding it for no
    /// longer than the copy cannot tell apart.
    public func enterGuest(vcpu: Int) {
        guard variant.apicvRequest else { return }
        jitter?.perturb()
        points.reach("vcpu.enter_guest")
        let target = vcpus[vcpu]
        guard target.apicvUpdateRequest.exchange(false, ordering: .sequentiallyConsistent) else { return }
        // kvm_vcpu_update_apicv(vcpu)
        apicv.updateLock.lock(at: "vcpu.update_apicv")
        target.apicvState.store(apicv.isActive, ordering: .sequentiallyConsistent)
        apicv.updateLock.unlock()
    }

    /// `kvm_make_all_cpus_request(kvm, KVM_REQ_APICV_UPDATE)`: sets the request on every vCPU,
    /// then, as `KVM_REQUEST_WAIT` does, waits for the vCPUs in guest mode to exit. A guest access
    /// runs under its vCPU's TLB lock (`guestAccess`), so taking each TLB lock waits for the
    /// accesses in flight, and an access that starts later sees the request and exits first
    /// (`kvm_vcpu_exit_request`). Caller holds `apicv_update_lock`.
    func kickAllVCPUsForAPICvUpdate() {
        for target in vcpus { target.apicvUpdateRequest.store(true, ordering: .sequentiallyConsistent) }
        for target in vcpus { target.tlb.withLock { _ in } }
    }
}
