import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex that is a real `pthread_mutex_t` for ordinary threads and scheduler-aware for
/// threads managed by a `Scheduler` (see `ControlledRWLock` for the protocol).
public final class ControlledMutex: @unchecked Sendable, ScheduleGate {
    /// Name used in messages and in synthetic labels (`NAME.lock`).
    public let gateName: String
    /// The schedule-point hub this lock reports to.
    public let points: SchedulePoints

    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let held = PosixMutex<Bool>(false)

    /// Creates an unlocked mutex.
    public init(name: String, points: SchedulePoints = .shared) {
        gateName = name
        self.points = points
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Acquires the mutex; `label` is the acquire step's schedule-point label (nil: not a step;
    /// a managed thread then parks only if the mutex is unavailable).
    @inlinable @inline(__always)
    public func lock(at label: String?) {
        if points.isActive {
            lockSlow(label)
        } else {
            pthread_mutex_lock(mutex)
        }
    }

    /// Releases the mutex.
    @inlinable @inline(__always)
    public func unlock() {
        if points.isActive {
            unlockSlow()
        } else {
            pthread_mutex_unlock(mutex)
        }
    }

    /// Runs `body` with the mutex held.
    public func withLock<R>(at label: String? = nil, _ body: () throws -> R) rethrows -> R {
        lock(at: label)
        defer { unlock() }
        return try body()
    }

    @usableFromInline
    func lockSlow(_ label: String?) {
        if points.reachLock(label ?? "\(gateName).lock", honour: label != nil, gate: self, mode: .exclusive) {
            held.withLock { isHeld in
                precondition(!isHeld, "scheduler granted \(gateName) while held")
                isHeld = true
            }
        }
        pthread_mutex_lock(mutex)
    }

    @usableFromInline
    func unlockSlow() {
        if points.currentThreadIsManaged {
            held.withLock { $0 = false }
        }
        pthread_mutex_unlock(mutex)
    }

    /// Whether the mutex is logically free for a managed thread.
    public func isOpen(for mode: LockAcquireMode) -> Bool {
        held.withLock { !$0 }
    }
}
