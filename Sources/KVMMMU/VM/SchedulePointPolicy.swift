import Interleaving

/// How KVMMMU's code paths reach schedule points: live (the normal build), bypassed (the same
/// code with every point compiled out, for measuring the points' cost), or jittered (no
/// scheduler; a seeded random delay at some points, for stress runs).
protocol SchedulePointPolicy {
    static func reach(_ kvm: KVM, _ label: String)
    static func lock(_ kvm: KVM, _ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String)
    static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode)
}

/// Schedule points are live: a relaxed load when no scheduler is installed.
enum LivePoints: SchedulePointPolicy {
    @inline(__always) static func reach(_ kvm: KVM, _ label: String) { kvm.points.reach(label) }
    @inline(__always) static func lock(_ kvm: KVM, _ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String) {
        lock.lock(mode, at: label)
    }
    @inline(__always) static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode) { lock.unlock(mode) }
}

/// Schedule points compiled out; locks go straight to pthreads. Only for benchmarking.
enum BypassedPoints: SchedulePointPolicy {
    @inline(__always) static func reach(_ kvm: KVM, _ label: String) {}
    @inline(__always) static func lock(_ kvm: KVM, _ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String) {
        lock.lockReal(mode)
    }
    @inline(__always) static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode) { lock.unlockReal() }
}

/// No scheduler; at each point (and before each lock) the VM's `ScheduleJitter` may delay the
/// thread, as preemption or an interrupt can at any instruction of the kernel's paths.
enum JitteredPoints: SchedulePointPolicy {
    @inline(__always) static func reach(_ kvm: KVM, _ label: String) { kvm.jitter?.perturb() }
    @inline(__always) static func lock(_ kvm: KVM, _ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String) {
        kvm.jitter?.perturb()
        lock.lockReal(mode)
    }
    @inline(__always) static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode) { lock.unlockReal() }
}

extension ProtocolVariant.LockMode {
    var acquireMode: LockAcquireMode { self == .read ? .shared : .exclusive }
}
