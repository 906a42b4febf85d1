/// The result of a page fault, as the kernel's `RET_PF_*` values.
public enum FaultOutcome: String, Sendable, Hashable, CaseIterable {
    /// `RET_PF_FIXED`: an SPTE was installed.
    case fixed
    /// `RET_PF_EMULATE`: the access is emulated (APIC access page with APICv inactive, or no memslot).
    case emulate
    /// `RET_PF_RETRY`: nothing installed; the guest re-executes and faults again.
    case retry
    /// `RET_PF_SPURIOUS`: the SPTE was already there.
    case spurious
    /// The host page could not be resolved (the kernel's `KVM_PFN_ERR_FAULT` -> -EFAULT exit).
    case hostFault = "host-fault"
}
