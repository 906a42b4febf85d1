import Interleaving

extension KVM {
    /// The MMU part of the guest entry of vCPU `vcpu` after RET_PF_RETRY (v5.15/v5.16
    /// `vcpu_enter_guest`): at schedule point `vcpu.reload`, `kvm_check_request` tests and clears
    /// `KVM_REQ_MMU_RELOAD`; a pending one is serviced by `kvm_mmu_unload`, after which
    /// `kvm_mmu_reload` finds `root_hpa` invalid and `kvm_mmu_load` loads a new root, which the
    /// vCPU's faults walk from then on (`VCPU.newRoot`).
    ///
    /// Simplification: each vCPU allocates a root of its own (the kernel's
    /// `kvm_tdp_mmu_get_vcpu_root_hpa` shares a valid root of the same role); with no memory for
    /// it the vCPU keeps the old root, and its faults retry on it.
    public func reloadRoot(vcpu: Int) {
        jitter?.perturb()
        points.reach("vcpu.reload")
        let target = vcpus[vcpu]
        guard target.mmuReloadRequest.exchange(false, ordering: .sequentiallyConsistent) else { return }
        // kvm_mmu_unload, then kvm_mmu_reload -> kvm_mmu_load.
        guard let root = memory.allocate(.pageTable) else { return }
        target.newRoot = root
    }
}
