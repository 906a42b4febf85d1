import Interleaving

/// How KVMMMU's code paths reach schedule points: live (the normal build) or bypassed (the
/// same code with every point compiled out, for measuring the points' cost).
protocol SchedulePointPolicy {
    static func reach(_ points: SchedulePoints, _ label: String)
    static func lock(_ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String)
    static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode)
}

/// Schedule points are live: a relaxed load when no scheduler is installed.
enum LivePoints: SchedulePointPolicy {
    @inline(__always) static func reach(_ points: SchedulePoints, _ label: String) { points.reach(label) }
    @inline(__always) static func lock(_ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String) {
        lock.lock(mode, at: label)
    }
    @inline(__always) static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode) { lock.unlock(mode) }
}

/// Schedule points compiled out; locks go straight to pthreads. Only for benchmarking.
enum BypassedPoints: SchedulePointPolicy {
    @inline(__always) static func reach(_ points: SchedulePoints, _ label: String) {}
    @inline(__always) static func lock(_ lock: ControlledRWLock, _ mode: LockAcquireMode, _ label: String) {
        lock.lockReal(mode)
    }
    @inline(__always) static func unlock(_ lock: ControlledRWLock, _ mode: LockAcquireMode) { lock.unlockReal() }
}

extension ProtocolVariant.LockMode {
    var acquireMode: LockAcquireMode { self == .read ? .shared : .exclusive }
}
