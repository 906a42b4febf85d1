import ProtocolDSL

/// Recovers the full states of a trace by replaying it with the reference semantics.
///
/// A `Trace` keeps only rendered changes; ITF and SVG exports need every slot's typed value in
/// every state. The replay picks, at each step, the outcome of the moving instance whose choices
/// and changes are the ones the trace records, so the states are exactly the trace's.
public struct TraceStates: Sendable {
    /// The interpreter the states belong to (its layout types every slot).
    public let interpreter: Interpreter
    /// The states: the initial one, then one after each step (`steps.count + 1` in all).
    public let states: [[UInt64]]

    /// Replays `trace` on `program`; throws `CheckerInconsistency` when the trace is not an
    /// execution of the program.
    public init(program: Program, trace: Trace) throws {
        let interp = Interpreter(layout: StateLayout(program))
        interpreter = interp
        let layout = interp.layout
        let wanted = Dictionary(trace.dataChoices, uniquingKeysWith: { a, _ in a })
        guard var s = interp.initialStates().first(where: { state in
            interp.choiceSlots.allSatisfy { wanted[layout.names[$0]] == layout.render(slot: $0, state[$0]) }
        }) else {
            throw CheckerInconsistency(message: "no initial state has the trace's data choices")
        }
        var states = [s]
        for (n, step) in trace.steps.enumerated() {
            guard interp.enabled(s, step.instance) else {
                throw CheckerInconsistency(message: "step \(n + 1): \(step.instanceName) cannot move")
            }
            let match = interp.execute(s, step.instance).first { out in
                out.choices.sorted { $0.key < $1.key }.map(\.value) == step.choices
                    && Self.changes(layout, from: s, to: out.state) == step.changes
            }
            guard let out = match else {
                throw CheckerInconsistency(message: "step \(n + 1): no outcome of \(step.instanceName) matches the trace")
            }
            s = out.state
            states.append(s)
        }
        self.states = states
    }

    /// The user-visible changes between two states, as `Interpreter.trace(of:)` records them.
    static func changes(_ layout: StateLayout, from a: [UInt64], to b: [UInt64]) -> [Change] {
        var changes: [Change] = []
        for slot in 0..<layout.count where a[slot] != b[slot] {
            if case .pc = layout.roles[slot] { continue }
            if case .error = layout.roles[slot] { continue }
            var name = layout.names[slot]
            if case .lockHold(let l, _) = layout.roles[slot] { name = layout.program.locks[l].name }
            changes.append(Change(variable: name, old: layout.render(slot: slot, a[slot]),
                                  new: layout.render(slot: slot, b[slot])))
        }
        return changes
    }
}
