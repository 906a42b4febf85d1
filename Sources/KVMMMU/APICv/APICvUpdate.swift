import Interleaving

extension KVM {
    /// `kvm_request_apicv_update(kvm, activate, bit)` (v5.15 shape: the zap of the APIC page
    /// since 36222b117e36, `apicv_update_lock` since b0a1637f64b0): under the lock, flip `reason`;
    /// when activation changes, store the new reasons and, when APICv became inactive,
    /// `kvm_zap_gfn_range(apic_gfn, apic_gfn + 1)`. With `apicv_request` the kernel's order is
    /// kept: `kvm_make_all_cpus_request(kvm, KVM_REQ_APICV_UPDATE)` before the store (see
    /// `enterGuest`), so a vCPU re-entering the guest blocks on the lock until the zap returned.
    /// Without it no vCPU is kicked and the fault alone reads the reasons (`kvm_apicv_activated`).
    ///
    /// Schedule points (model `inhibit` process): with `apicv_request`, `inhibit.kick` taking the
    /// update lock, then `inhibit.set` before storing the reasons; without it, `inhibit.set`
    /// before taking the lock and storing them; then the zap's points; `inhibit.done` before
    /// recording completion and dropping the update lock. Re-activation has no schedule points
    /// (no model covers it).
    public func requestAPICvUpdate(activate: Bool, reason: APICvInhibitReason) {
        let kicks = variant.apicvRequest
        if !activate {
            jitter?.perturb()
            if !kicks { points.reach("inhibit.set") }
        }
        apicv.updateLock.lock(at: kicks && !activate ? "inhibit.kick" : nil)
        let old = apicv.inhibitReasons
        let new = activate ? old & ~reason.bit : old | reason.bit
        guard (old == 0) != (new == 0) else {
            apicv.reasons.store(new, ordering: .sequentiallyConsistent)
            apicv.updateLock.unlock()
            return
        }
        if kicks {
            // __kvm_request_apicv_update: kick every vCPU before storing apicv_inhibit_reasons.
            kickAllVCPUsForAPICvUpdate()
            if !activate { points.reach("inhibit.set") }
        }
        if new == 0 { apicv.markInhibit(completed: false) }
        apicv.reasons.store(new, ordering: .sequentiallyConsistent)
        if new != 0 {
            kvmZapAPICAccessPage()
            points.reach("inhibit.done")
            apicv.markInhibit(completed: true)
        }
        apicv.updateLock.unlock()
    }

    /// Inhibits APICv for `reason` (convenience for `requestAPICvUpdate(activate: false, ...)`).
    public func inhibitAPICv(_ reason: APICvInhibitReason = .hyperV) {
        requestAPICvUpdate(activate: false, reason: reason)
    }

    /// Clears the inhibit `reason` (convenience for `requestAPICvUpdate(activate: true, ...)`).
    public func uninhibitAPICv(_ reason: APICvInhibitReason = .hyperV) {
        requestAPICvUpdate(activate: true, reason: reason)
    }

    private func kvmZapAPICAccessPage() {
        zapGFNRange(KVM.apicAccessGFN..<(KVM.apicAccessGFN + 1))
    }
}
