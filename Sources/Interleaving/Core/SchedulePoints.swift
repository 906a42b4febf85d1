import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hub that code under test calls at every schedule point.
///
/// With no scheduler installed, `reach(_:)` is one relaxed atomic load and a not-taken branch.
/// When a `Scheduler` is running, the slow path looks up the calling thread's managed context
/// (a pthread thread-specific value); threads that the scheduler does not manage pass straight
/// through, managed threads park until the scheduler hands them the next step.
public final class SchedulePoints: Sendable {
    /// The process-wide hub used by default by `Scheduler` and by controlled locks.
    public static let shared = SchedulePoints()

    @usableFromInline let installedSchedulers = Atomic<Int>(0)

    /// Creates a separate hub (tests that want isolation from `shared`).
    public init() {}

    /// True while at least one scheduler is running on this hub.
    @inlinable @inline(__always)
    public var isActive: Bool { installedSchedulers.load(ordering: .relaxed) != 0 }

    /// A schedule point: parks the calling managed thread until the scheduler picks step `label`.
    @inlinable @inline(__always)
    public func reach(_ label: String) {
        if isActive { reachSlow(label) }
    }

    /// A guarded schedule point: parks the calling managed thread until the scheduler picks
    /// step `label`, which it does only while `enabled()` is true (a wait that the model states
    /// as a step's guard, such as a spin until a ticket is served). `enabled` is called only
    /// while every managed thread is parked. Unmanaged threads pass straight through and do
    /// their own waiting.
    public func reach(_ label: String, enabledWhen enabled: @escaping @Sendable () -> Bool) {
        guard isActive, let context = ManagedContext.current(for: self), context.accepts(label) else { return }
        let request = GateRequest(gate: ConditionGate(label: label, enabled), mode: .exclusive)
        context.scheduler.park(index: context.index, generation: context.generation, label: label, gate: request)
    }

    /// True when the running schedule's next step for the calling managed thread is `label`: a
    /// thread whose path depends on a condition the model leaves open (a yield on
    /// `need_resched()`) takes the branch the recorded schedule continues with. False for
    /// unmanaged threads, when the schedule has no further step for the thread, and while the
    /// scheduler's completion policy runs.
    public func scheduleRequestsNext(_ label: String) -> Bool {
        guard isActive, let context = ManagedContext.current(for: self) else { return false }
        return context.scheduler.nextRequestedLabel(index: context.index, generation: context.generation) == label
    }

    /// True when the calling thread is managed by a running scheduler on this hub.
    public var currentThreadIsManaged: Bool {
        isActive && ManagedContext.current(for: self) != nil
    }

    /// The calling managed thread's name, or nil for unmanaged threads.
    public var currentThreadName: String? {
        ManagedContext.current(for: self)?.name
    }

    @usableFromInline
    func reachSlow(_ label: String) {
        guard let context = ManagedContext.current(for: self), context.accepts(label) else { return }
        context.scheduler.park(index: context.index, generation: context.generation, label: label, gate: nil)
    }

    /// A lock-acquisition schedule point. Returns true when the caller is a managed thread (the
    /// scheduler has granted the acquisition, so the lock is logically available), false when
    /// the caller is unmanaged and must simply block on the real lock.
    func reachLock(_ label: String, honour: Bool, gate: any ScheduleGate, mode: LockAcquireMode) -> Bool {
        guard isActive, let context = ManagedContext.current(for: self) else { return false }
        let request = GateRequest(gate: gate, mode: mode)
        // A lock point whose label the thread does not honour is not a step, unless the lock is
        // unavailable: then the thread has to wait, which the scheduler must see.
        if !(honour && context.accepts(label)) && request.isOpen { return true }
        context.scheduler.park(index: context.index, generation: context.generation, label: label, gate: request)
        return true
    }

    func install() { installedSchedulers.add(1, ordering: .sequentiallyConsistent) }
    func uninstall() { installedSchedulers.subtract(1, ordering: .sequentiallyConsistent) }
}

/// Per-thread record of a managed thread, stored as a pthread thread-specific value.
final class ManagedContext: @unchecked Sendable {
    let scheduler: Scheduler
    let index: Int
    let generation: Int
    let name: String
    let labels: Set<String>?

    init(scheduler: Scheduler, index: Int, generation: Int, name: String, labels: Set<String>?) {
        self.scheduler = scheduler
        self.index = index
        self.generation = generation
        self.name = name
        self.labels = labels
    }

    func accepts(_ label: String) -> Bool { labels?.contains(label) ?? true }

    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static func current(for points: SchedulePoints) -> ManagedContext? {
        guard let raw = pthread_getspecific(key) else { return nil }
        let context = Unmanaged<ManagedContext>.fromOpaque(raw).takeUnretainedValue()
        return context.scheduler.points === points ? context : nil
    }

    /// Binds `context` to the calling thread (nil unbinds). The scheduler keeps the context alive.
    static func bind(_ context: ManagedContext?) {
        if let context {
            pthread_setspecific(key, Unmanaged.passUnretained(context).toOpaque())
        } else {
            pthread_setspecific(key, nil)
        }
    }
}
