/// The gate of a guarded schedule point: open while its condition holds.
final class ConditionGate: ScheduleGate {
    let gateName: String
    let condition: @Sendable () -> Bool

    init(label: String, _ condition: @escaping @Sendable () -> Bool) {
        self.gateName = "the guard of \(label)"
        self.condition = condition
    }

    func isOpen(for mode: LockAcquireMode) -> Bool { condition() }
}
