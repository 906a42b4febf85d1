extension KVM {
    /// The result of a guest memory access.
    public enum AccessResult: Sendable, Hashable {
        /// The access went through the TLB/SPTE to the page; `value` is word 0 after the access.
        case completed(value: UInt64)
        /// The access was emulated (MMIO / APIC access page with APICv inactive).
        case emulated
        /// The access could not complete: the last fault outcome (retries exhausted or host fault).
        case failed(FaultOutcome)
    }

    /// A guest access of vCPU `vcpu` to word 0 of `gfn` (a write when `write` is non-nil).
    ///
    /// TLB hit or successful hardware walk: the access goes to the page (recording a
    /// use-after-free if the frame is not a live data page, and an un-intercepted APIC access if
    /// it hits the APIC access page after an inhibit completed). Otherwise the vCPU takes a page
    /// fault; RET_PF_RETRY / FIXED / SPURIOUS re-execute the access (at most `maxFaults` faults),
    /// RET_PF_EMULATE emulates it.
    public func guestAccess(vcpu: Int, gfn: GFN, write: UInt64? = nil, maxFaults: Int = 64) -> AccessResult {
        var last = FaultOutcome.retry
        for _ in 0..<maxFaults {
            if let done = hardwareAccess(vcpu, gfn, write) { return done }
            last = pageFault(vcpu: vcpu, gfn: gfn)
            switch last {
            case .emulate:
                if gfn == KVM.apicAccessGFN { events.record(.apicAccessEmulated(vcpu: vcpu)) }
                return .emulated
            case .hostFault:
                return .failed(last)
            case .fixed, .spurious, .retry:
                continue
            }
        }
        return .failed(last)
    }

    /// TLB lookup / hardware walk / access, under the vCPU's TLB lock. Nil on a TDP violation.
    func hardwareAccess(_ vcpuID: Int, _ gfn: GFN, _ write: UInt64?) -> AccessResult? {
        vcpus[vcpuID].tlb.withLock { tlb -> AccessResult? in
            var spte = tlb.lookup(gfn)
            if spte == nil {
                switch tdp.walk(gfn) {
                case .leaf(let slot):
                    let leaf = SPTE(rawValue: slot.pointee.load(ordering: .acquiring))
                    guard leaf.isPresent else { return nil }
                    tlb.fill(gfn, leaf)
                    spte = leaf
                case .missing:
                    return nil
                case .useAfterFree(let pfn, _):
                    events.record(.tableUseAfterFree(vcpu: vcpuID, gfn: gfn, pfn: pfn))
                    return nil
                }
            }
            guard let spte else { return nil }
            let pfn = spte.pfn
            // Only after the inhibit completed is a direct access counted as a bug. In the kernel
            // no access gets through before that either: __kvm_request_apicv_update raises
            // KVM_REQ_APICV_UPDATE (kicking every vCPU out of guest mode) before it stores the
            // reasons, and a vCPU re-entering the guest blocks on apicv_update_lock in
            // kvm_vcpu_update_apicv until the zap returned (b0a1637f64b0). KVMMMU does not model
            // the kick, so an access in that window is an artefact here, not a kernel bug.
            if gfn == KVM.apicAccessGFN && apicv.inhibitCompleted {
                events.record(.apicAccessNotIntercepted(vcpu: vcpuID))
            }
            guard memory.kind(of: pfn) == .data else {
                // The frame was freed (or reused as a page table): record, do not touch it.
                events.record(.useAfterFree(vcpu: vcpuID, gfn: gfn, pfn: pfn))
                return .completed(value: 0)
            }
            let word = memory.word(pfn, 0)
            if let write {
                word.pointee.store(write, ordering: .relaxed)
                return .completed(value: write)
            }
            return .completed(value: word.pointee.load(ordering: .relaxed))
        }
    }
}
