import ProtocolDSL

/// Carries a schedule of a smaller instance of a model (fewer members in its families) over to
/// the program at its real size: member `k` of a kind stays member `k`, the extra members never
/// move and start with their first initial values.
enum InstanceLifting {
    /// `schedule` of `small` as a schedule of `program`, or nil when a data choice of `small`
    /// has no slot in `program`.
    static func lift(_ schedule: Schedule, from small: Program, to program: Program) -> Schedule? {
        let from = StateLayout(small), to = StateLayout(program)
        func instance(_ i: Int) -> Int {
            let inst = small.instances[i]
            return program.kinds[inst.kind].firstInstance + inst.index
        }
        var slotOf: [SlotRole: Int] = [:]
        for (k, role) in to.roles.enumerated() { slotOf[role] = k }
        var choices: [Int: Int64] = [:]
        for (slot, v) in schedule.initialChoices {
            let lifted: SlotRole
            switch from.roles[slot] {
            case .local(let i, let v, let e): lifted = .local(instance: instance(i), variable: v, element: e)
            case .pc(let i): lifted = .pc(instance: instance(i))
            case .lockHold(let l, let i): lifted = .lockHold(lock: l, instance: instance(i))
            case let other: lifted = other
            }
            guard let t = slotOf[lifted] else { return nil }
            choices[t] = v
        }
        let steps = schedule.steps.map { ScheduledStep(instance: instance($0.instance), choices: $0.choices) }
        return Schedule(initialChoices: choices, steps: steps)
    }

    /// The trace of `schedule` of `small` replayed on `program`, when it ends in a violation there.
    static func violation(_ schedule: Schedule, from small: Program, to program: Program) throws -> Trace? {
        guard let lifted = lift(schedule, from: small, to: program) else { return nil }
        do {
            let trace = try Interpreter(layout: StateLayout(program)).trace(of: lifted)
            return trace.violation != nil ? trace : nil
        } catch is CheckerInconsistency {
            return nil
        }
    }
}
