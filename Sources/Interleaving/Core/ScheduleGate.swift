/// The mode in which a controlled lock is requested.
public enum LockAcquireMode: String, Sendable, Hashable {
    /// Shared (reader) mode; blocked only by an exclusive holder.
    case shared
    /// Exclusive (writer) mode; blocked by any holder.
    case exclusive
}

/// Something a managed thread may wait on at a schedule point: the scheduler asks it whether the
/// step is enabled.
///
/// The scheduler calls `isOpen(for:)` only while every managed thread is parked, so the answer
/// cannot change under it.
public protocol ScheduleGate: AnyObject, Sendable {
    /// Whether an acquisition in `mode` could succeed now.
    func isOpen(for mode: LockAcquireMode) -> Bool
    /// A short name for messages (e.g. `mmu_lock`).
    var gateName: String { get }
}

/// A pending lock acquisition attached to a schedule point.
struct GateRequest: Sendable {
    let gate: any ScheduleGate
    let mode: LockAcquireMode
    var isOpen: Bool { gate.isOpen(for: mode) }
}
