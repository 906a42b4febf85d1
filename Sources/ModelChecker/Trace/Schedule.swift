import ProtocolDSL

/// An execution as the checkers find it: data choices, then which instance moves at each step.
public struct Schedule: Sendable, Equatable, Hashable {
    /// Initial values of data-choice slots.
    public var initialChoices: [Int: Int64]
    /// Per step: the flat instance and the values of its choose sites.
    public var steps: [ScheduledStep]

    /// Creates a schedule.
    public init(initialChoices: [Int: Int64], steps: [ScheduledStep]) {
        self.initialChoices = initialChoices
        self.steps = steps
    }
}

/// One step of a schedule.
public struct ScheduledStep: Sendable, Equatable, Hashable {
    /// The flat instance that moves.
    public var instance: Int
    /// Values of its choose sites, by site.
    public var choices: [Int: Int64]

    /// Creates a step.
    public init(instance: Int, choices: [Int: Int64] = [:]) {
        self.instance = instance
        self.choices = choices
    }
}

/// An internal inconsistency between an engine and the reference semantics.
public struct CheckerInconsistency: Error, CustomStringConvertible {
    /// What disagreed.
    public let message: String
    public var description: String { "internal error: \(message)" }
}

extension Interpreter {
    /// The violation in state `s`, if any: an error raised by the last step, an invariant, or a deadlock.
    public func violation(in s: [UInt64], lastError: (code: ErrorCode, message: String)?) -> Violation? {
        if let e = lastError {
            switch e.code {
            case .lockMisuse: return Violation(kind: .lockMisuse, name: "lock misuse", message: e.message)
            case .outOfBounds: return Violation(kind: .outOfBounds, name: "out of bounds", message: e.message)
            case .assertion: return Violation(kind: .assertion, name: "assertion", message: e.message)
            }
        }
        if let (name, inst) = violatedInvariant(s) {
            return Violation(kind: .invariant, name: name,
                             message: "invariant \(name) is false" + (inst.isEmpty ? "" : " for \(inst)"))
        }
        if isDeadlock(s) {
            let stuck = layout.program.instances.indices.filter { !isDone(s, $0) }
                .map { "\(layout.program.instanceName($0)) at \(layout.render(slot: layout.pcSlot[$0], s[layout.pcSlot[$0]]))" }
            return Violation(kind: .deadlock, name: "deadlock",
                             message: "no process can move: " + stuck.joined(separator: ", "))
        }
        return nil
    }

    /// Replays a schedule and builds its trace; throws when a step is not enabled.
    public func trace(of schedule: Schedule) throws -> Trace {
        let program = layout.program
        var s = initialState(choices: schedule.initialChoices)
        var states = [s]
        var steps: [TraceStep] = []
        var lastError: (code: ErrorCode, message: String)?
        for (n, st) in schedule.steps.enumerated() {
            guard enabled(s, st.instance) else {
                throw CheckerInconsistency(message: "step \(n + 1): \(program.instanceName(st.instance)) cannot move")
            }
            let label = program.steps(of: st.instance)[pc(s, st.instance)].label
            let out = execute(s, st.instance, fixedChoices: st.choices, recordingReads: true)[0]
            let changes = layout.visibleChanges(from: s, to: out.state).map { slot in
                Change(variable: layout.changeName(ofSlot: slot), old: layout.render(slot: slot, s[slot]),
                       new: layout.render(slot: slot, out.state[slot]))
            }
            steps.append(TraceStep(instance: st.instance, instanceName: program.instanceName(st.instance), label: label,
                                   choices: out.choices.sorted { $0.key < $1.key }.map(\.value), changes: changes,
                                   reads: out.reads.map { SlotValue(slot: $0.slot, value: $0.value) }))
            s = out.state
            states.append(s)
            lastError = out.error
            if lastError != nil { break }
        }
        let initialState = initialState(choices: schedule.initialChoices)
        var initial: [(String, String)] = []
        for slot in 0..<layout.count {
            switch layout.roles[slot] {
            case .global, .local: initial.append((layout.names[slot], layout.render(slot: slot, initialState[slot])))
            default: break
            }
        }
        let data = choiceSlots.map { (layout.names[$0], layout.render(slot: $0, initialState[$0])) }
        return Trace(model: program.modelName, instances: program.instances.indices.map(program.instanceName),
                     initial: initial, dataChoices: data, steps: steps,
                     violation: violation(in: s, lastError: lastError), layout: layout, states: states,
                     run: Schedule(initialChoices: schedule.initialChoices, steps: Array(schedule.steps.prefix(steps.count))))
    }
}
