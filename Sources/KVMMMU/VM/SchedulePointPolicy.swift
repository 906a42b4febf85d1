import Interleaving
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How KVMMMU's code paths reach schedule points: live (the normal build), bypassed (the same
/// code with every point compiled out, for measuring the points' cost), or jittered (no
/// scheduler; a seeded random delay at some points, for stress runs).
protocol SchedulePointPolicy {
    static func reach(_ kvm: KVM, _ label: String)
    static func lock(_ kvm: KVM, _ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String)
    static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode)
    /// Between dropping and retaking a lock at a yield (`cond_resched_rwlock_*`: `cpu_relax()` or
    /// `preempt_schedule_common()`): lets a waiter run before the holder retakes the lock.
    static func relax()
}

/// Schedule points are live: a relaxed load when no scheduler is installed.
enum LivePoints: SchedulePointPolicy {
    @inline(__always) static func reach(_ kvm: KVM, _ label: String) { kvm.points.reach(label) }
    @inline(__always) static func lock(_ kvm: KVM, _ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String) {
        lock.lock(mode, at: label)
    }
    @inline(__always) static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode) { lock.unlock(mode) }
    /// Managed threads: the scheduler decides who runs next; unmanaged ones give up the CPU.
    @inline(__always) static func relax() { sched_yield() }
}

/// Schedule points compiled out; locks go straight to pthreads. Only for benchmarking.
enum BypassedPoints: SchedulePointPolicy {
    @inline(__always) static func reach(_ kvm: KVM, _ label: String) {}
    @inline(__always) static func lock(_ kvm: KVM, _ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String) {
        lock.lockReal(mode)
    }
    @inline(__always) static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode) { lock.unlockReal() }
    @inline(__always) static func relax() { sched_yield() }
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
    @inline(__always) static func relax() { sched_yield() }
}

extension ProtocolVariant.LockMode {
    var acquireMode: LockAcquireMode { self == .read ? .shared : .exclusive }
}
