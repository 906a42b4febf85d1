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
        var choices: [Int: Int64] = [:]
        for slot in interp.choiceSlots {
            guard let text = wanted[layout.names[slot]],
                  let v = Self.value(text, slot: slot, layout) else {
                throw CheckerInconsistency(message: "no initial state has the trace's data choices")
            }
            choices[slot] = v
        }
        var s = interp.initialState(choices: choices)
        var states = [s]
        for (n, step) in trace.steps.enumerated() {
            guard interp.enabled(s, step.instance) else {
                throw CheckerInconsistency(message: "step \(n + 1): \(step.instanceName) cannot move")
            }
            let kind = program.kinds[program.instances[step.instance].kind]
            let sites = interp.sitesOf(kind.steps[interp.pc(s, step.instance)].body).sorted()
            // The trace lists the values of the sites the step ran, in site order: try each
            // subset of the step's sites of that size (steps have few sites).
            let match = Self.subsets(of: sites, size: step.choices.count).lazy.map { used in
                interp.execute(s, step.instance, fixedChoices: Dictionary(uniqueKeysWithValues: zip(used, step.choices)))[0]
            }.first { out in
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

    /// The value of data-choice `slot` whose rendering is `text`, within the slot's range.
    static func value(_ text: String, slot: Int, _ layout: StateLayout) -> Int64? {
        let r = layout.initialRange(ofSlot: slot)
        if case .int(_, let signed)? = layout.valueType(ofSlot: slot) {
            let v = signed ? Int64(text) : UInt64(text).map { Int64(bitPattern: $0) }
            return v.flatMap { r.contains($0) ? $0 : nil }
        }
        // Booleans and enumerations: a handful of values.
        return r.first { layout.render(slot: slot, UInt64(bitPattern: $0)) == text }
    }

    /// The subsets of `items` with `size` elements, each in the order of `items`.
    static func subsets(of items: [Int], size: Int) -> [[Int]] {
        if size == 0 { return [[]] }
        guard items.count >= size else { return [] }
        let head = items[0], rest = Array(items.dropFirst())
        return subsets(of: rest, size: size - 1).map { [head] + $0 } + subsets(of: rest, size: size)
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
