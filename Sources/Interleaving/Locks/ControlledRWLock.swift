import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reader-writer lock that is a real `pthread_rwlock_t` for ordinary threads and a
/// scheduler-aware lock for threads managed by a `Scheduler`.
///
/// Acquisition is a schedule point: a managed thread parks at the point and the scheduler
/// treats the step as enabled only while the lock is logically available in the requested mode
/// (shared: no writer; exclusive: no holder), so a blocked managed thread never blocks the
/// harness. After the grant the managed thread also takes the real lock, which is then free.
/// With no scheduler installed, `lock` is a relaxed atomic load plus the pthread call.
///
/// The lock is writer-preferring (glibc `PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP`), like the
/// kernel's queued rwlock where a waiting writer holds off new readers.
///
/// A lock must not be used by managed and unmanaged threads at the same time.
public final class ControlledRWLock: @unchecked Sendable, ScheduleGate {
    /// Name used in messages and in synthetic labels (`NAME.lock`).
    public let gateName: String
    /// The schedule-point hub this lock reports to.
    public let points: SchedulePoints

    @usableFromInline let rwlock: UnsafeMutablePointer<pthread_rwlock_t>
    @usableFromInline let waiters = Atomic<Int>(0)
    private let logical = PosixMutex<(readers: Int, writer: Bool)>((0, false))

    /// Creates an unlocked lock.
    public init(name: String, points: SchedulePoints = .shared) {
        gateName = name
        self.points = points
        rwlock = .allocate(capacity: 1)
        rwlock.initialize(to: pthread_rwlock_t())
        var attr = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attr)
        #if canImport(Glibc)
        pthread_rwlockattr_setkind_np(&attr, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        #endif
        pthread_rwlock_init(rwlock, &attr)
        pthread_rwlockattr_destroy(&attr)
    }

    deinit {
        pthread_rwlock_destroy(rwlock)
        rwlock.deallocate()
    }

    /// Acquires the lock in `mode`; `label` is the schedule-point label of the acquire step
    /// (nil: not a step; a managed thread then parks only if the lock is unavailable).
    @inlinable @inline(__always)
    public func lock(_ mode: LockAcquireMode, at label: String?) {
        if points.isActive {
            lockSlow(mode, label)
        } else {
            lockReal(mode)
        }
    }

    /// Releases the lock held in `mode`.
    @inlinable @inline(__always)
    public func unlock(_ mode: LockAcquireMode) {
        if points.isActive {
            unlockSlow(mode)
        } else {
            pthread_rwlock_unlock(rwlock)
        }
    }

    /// True when some thread is blocked waiting for the real lock (the kernel's
    /// `rwlock_needbreak`). Always false for managed threads, which never block on the real lock.
    public var hasWaiters: Bool { waiters.load(ordering: .relaxed) != 0 }

    /// Whether a holder should drop the lock at its yield point `label` (the kernel's
    /// `need_resched() || rwlock_needbreak(lock)`). For an unmanaged thread: some thread waits on
    /// the real lock (`hasWaiters`). For a managed thread, whose waiters never block on the real
    /// lock: the schedule asks for the yield, i.e. its next step for this thread is `label`; a
    /// managed thread parked on the lock counts as a waiter exactly then, and a schedule may also
    /// ask with no waiter (`need_resched()`).
    public func needsBreak(yieldingAt label: String) -> Bool {
        if points.currentThreadIsManaged { return points.scheduleRequestsNext(label) }
        return hasWaiters
    }

    /// Releases the real lock without consulting the scheduler (pairs with `lockReal`).
    @inlinable @inline(__always)
    public func unlockReal() { pthread_rwlock_unlock(rwlock) }

    /// Acquires the real pthread lock without consulting the scheduler (benchmarks only: the
    /// schedule-point-free baseline).
    @inlinable @inline(__always)
    public func lockReal(_ mode: LockAcquireMode) {
        switch mode {
        case .shared:
            if pthread_rwlock_tryrdlock(rwlock) == 0 { return }
            waiters.add(1, ordering: .relaxed)
            pthread_rwlock_rdlock(rwlock)
            waiters.subtract(1, ordering: .relaxed)
        case .exclusive:
            if pthread_rwlock_trywrlock(rwlock) == 0 { return }
            waiters.add(1, ordering: .relaxed)
            pthread_rwlock_wrlock(rwlock)
            waiters.subtract(1, ordering: .relaxed)
        }
    }

    @usableFromInline
    func lockSlow(_ mode: LockAcquireMode, _ label: String?) {
        let managed = points.reachLock(label ?? "\(gateName).lock", honour: label != nil, gate: self, mode: mode)
        if managed {
            logical.withLock { state in
                precondition(state.writer == false && (mode == .shared || state.readers == 0),
                             "scheduler granted \(gateName) while unavailable")
                if mode == .shared { state.readers += 1 } else { state.writer = true }
            }
        }
        // For a managed thread the real lock is free here (every holder is managed and released
        // it logically and really), so this does not block.
        lockReal(mode)
    }

    @usableFromInline
    func unlockSlow(_ mode: LockAcquireMode) {
        if points.currentThreadIsManaged {
            logical.withLock { state in
                if mode == .shared { state.readers -= 1 } else { state.writer = false }
            }
        }
        pthread_rwlock_unlock(rwlock)
    }

    /// Whether a managed acquisition in `mode` could succeed now.
    public func isOpen(for mode: LockAcquireMode) -> Bool {
        logical.withLock { state in
            mode == .shared ? !state.writer : (!state.writer && state.readers == 0)
        }
    }
}
