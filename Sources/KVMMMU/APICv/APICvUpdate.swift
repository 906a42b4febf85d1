import Interleaving

extension KVM {
    /// `kvm_request_apicv_update(kvm, activate, bit)` (v5.15 shape: the zap of the APIC page
    /// since 36222b117e36, `apicv_update_lock` since b0a1637f64b0): under the lock, flip `reason`;
    /// when activation changes, store the new reasons and, when APICv became inactive,
    /// `kvm_zap_gfn_range(apic_gfn, apic_gfn + 1)`. The kernel raises `KVM_REQ_APICV_UPDATE` on
    /// every vCPU before it stores the reasons, and vCPUs block on `apicv_update_lock` until the
    /// zap returned; KVMMMU does not model that request (the fault reads the reasons directly,
    /// as `kvm_apicv_activated` does; see `guestAccess` for the accesses it would hold off).
    ///
    /// Schedule points (model `inhibit` process): `inhibit.set` before taking the update lock and
    /// storing the reasons; the zap's points; `inhibit.done` before recording completion and
    /// dropping the update lock. Re-activation has no schedule points (no model covers it).
    public func requestAPICvUpdate(activate: Bool, reason: APICvInhibitReason) {
        if !activate {
            jitter?.perturb()
            points.reach("inhibit.set")
        }
        apicv.updateLock.lock(at: nil)
        let old = apicv.inhibitReasons
        let new = activate ? old & ~reason.bit : old | reason.bit
        guard (old == 0) != (new == 0) else {
            apicv.reasons.store(new, ordering: .sequentiallyConsistent)
            apicv.updateLock.unlock()
            return
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
