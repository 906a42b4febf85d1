import Interleaving
import Synchronization

/// Why APICv is inhibited (a subset of the kernel's `APICV_INHIBIT_REASON_*`; the raw values
/// are this project's own bit numbers).
public enum APICvInhibitReason: Int, Sendable, CaseIterable {
    /// APICv disabled by the host.
    case disable = 0
    /// Hyper-V SynIC with AutoEOI (the 2021 thread's case).
    case hyperV = 1
    /// An IRQ window is requested (AVIC).
    case irqWindow = 2

    var bit: UInt64 { 1 << UInt64(rawValue) }
}

/// The VM's APICv state: inhibit reasons, `apicv_update_lock`, and the completion flag of the
/// last inhibit (for the `apic_unmapped_after_inhibit` invariant).
public final class APICvState: Sendable {
    let reasons = Atomic<UInt64>(0)
    /// `kvm->arch.apicv_update_lock`.
    public let updateLock: ControlledMutex
    /// `generation << 1 | done`: done is set when an inhibit's zap returned and cleared before
    /// APICv is re-activated.
    let completion = Atomic<UInt64>(0)

    init(points: SchedulePoints) {
        updateLock = ControlledMutex(name: "apicv_update_lock", points: points)
    }

    /// `kvm_apicv_activated`: no inhibit reason is set.
    public var isActive: Bool { reasons.load(ordering: .sequentiallyConsistent) == 0 }
    /// The inhibit reasons bitmap.
    public var inhibitReasons: UInt64 { reasons.load(ordering: .sequentiallyConsistent) }
    /// True when an inhibit completed (its zap returned) and APICv has not been re-activated.
    public var inhibitCompleted: Bool { completion.load(ordering: .sequentiallyConsistent) & 1 != 0 }

    func markInhibit(completed: Bool) {
        let old = completion.load(ordering: .sequentiallyConsistent)
        completion.store(((old >> 1) + 1) << 1 | (completed ? 1 : 0), ordering: .sequentiallyConsistent)
    }
}
