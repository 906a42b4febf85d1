import ProtocolDSL

/// A counterexample in the Informal Trace Format (ITF) of Apalache and Quint
/// (https://apalache-mc.org/docs/adr/015adr-trace.html).
///
/// Variables (`vars`, in layout order): every global (`mmu_notifier_seq`; arrays as lists),
/// every local of every instance (`vcpu[0].mmu_seq`), every instance's program counter
/// (`vcpu[0].pc`: the label of its next step, or `done`) and every lock as a `#map` from
/// instance name to how it holds the lock (`free`, `shared`, `exclusive`). State 0 is the initial
/// state; state k (k >= 1) is the state after step k, and its `#meta` carries the step's
/// `process` (instance) and `label`. The last state of a violating trace carries `violation`.
/// A lasso (liveness counterexample) carries ITF's `loop`: the index of the state its last
/// state steps back to (the loop's start, whose repetition is not listed again); the top-level
/// `#meta` names that closing step (`loop-step`). With an empty loop, `loop` is the last index.
public struct ITFTrace: Sendable {
    /// The program the trace belongs to.
    public let program: Program
    /// The trace.
    public let trace: Trace

    /// Creates the ITF view of `trace`.
    public init(program: Program, trace: Trace) {
        self.program = program
        self.trace = trace
    }

    /// The ITF document as a value (top-level record).
    public func document() throws -> ITFValue {
        let replay = try TraceStates(program: program, trace: trace)
        let layout = replay.interpreter.layout
        let variables = Self.variables(layout)
        var states: [ITFValue] = []
        // A lasso's last state is its loop's start again: ITF's `loop` names the state the last
        // state goes on to, so that repeated state is left out (an empty loop stays in the last
        // state: `loop` is the last index, a step from the state to itself).
        let shown = trace.loopStart.map { $0 < trace.steps.count } == true ? replay.states.dropLast() : replay.states[...]
        for (k, s) in shown.enumerated() {
            var meta: [String: ITFValue] = ["index": .int(Int64(k))]
            if k > 0 {
                let step = trace.steps[k - 1]
                meta["process"] = .string(step.instanceName)
                meta["label"] = .string(step.label)
            }
            if k == replay.states.count - 1, trace.loopStart == nil, let v = trace.violation {
                meta["violation"] = .string(v.name)
            }
            var fields: [String: ITFValue] = ["#meta": .record(meta)]
            for variable in variables { fields[variable.name] = variable.value(layout, s) }
            states.append(.record(fields))
        }
        let c = program.configuration
        var meta: [String: ITFValue] = [
            "format": .string("ITF"),
            "format-description": .string("https://apalache-mc.org/docs/adr/015adr-trace.html"),
            "source": .string("mmuspec check"),
            "model": .string(program.modelName),
            "flags": .record(c.flags.mapValues { .string($0) }),
            "parameters": .record(c.parameters.mapValues { .int(Int64($0)) }),
        ]
        if let p = c.preset { meta["variant"] = .string(p) }
        if let v = trace.violation {
            meta["violation"] = .record(["kind": .string(v.kind.rawValue), "name": .string(v.name),
                                         "message": .string(v.message)])
        }
        var document: [String: ITFValue] = [
            "vars": .list(variables.map { .string($0.name) }),
            "states": .list(states),
        ]
        if let loop = trace.loopStart {
            document["loop"] = .int(Int64(loop))
            if loop < trace.steps.count, let last = trace.steps.last {
                // The step from the last state back to state `loop`, which no state's #meta carries.
                meta["loop-step"] = .record(["process": .string(last.instanceName), "label": .string(last.label)])
            }
        }
        document["#meta"] = .record(meta)
        return .record(document)
    }

    /// The ITF JSON text (pretty-printed, keys sorted), ending in a newline.
    public func json() throws -> String {
        try document().json() + "\n"
    }

    /// The ITF JSON text on one line, ending in a newline: one line of a JSON Lines stream.
    public func jsonLine() throws -> String {
        try document().compactJSON() + "\n"
    }

    /// One ITF variable: a name and how to read it from a state.
    struct Variable {
        let name: String
        let slots: [Int]
        let kind: Kind

        enum Kind { case scalar, list, lock([String]) }

        func value(_ layout: StateLayout, _ s: [UInt64]) -> ITFValue {
            func typed(_ slot: Int) -> ITFValue {
                if let t = layout.valueType(ofSlot: slot) { return ITFValue(bits: s[slot], type: t) }
                return .string(layout.render(slot: slot, s[slot]))
            }
            switch kind {
            case .scalar: return typed(slots[0])
            case .list: return .list(slots.map(typed))
            case .lock(let holders):
                // Instance names (`vcpu[0]`) are not identifiers, so not record fields: a map.
                return .map(zip(holders, slots).map { holder, slot in
                    ITFValue.Entry(.string(holder), .string(layout.render(slot: slot, s[slot])))
                })
            }
        }
    }

    /// The ITF variables of a layout, in layout order (locks last).
    static func variables(_ layout: StateLayout) -> [Variable] {
        let program = layout.program
        var result: [Variable] = []
        for (g, v) in program.globals.enumerated() {
            let base = layout.globalBase[g]
            result.append(Variable(name: v.name, slots: Array(base..<(base + v.slots)),
                                   kind: v.count == nil ? .scalar : .list))
        }
        for i in program.instances.indices {
            let prefix = program.instanceName(i)
            result.append(Variable(name: "\(prefix).pc", slots: [layout.pcSlot[i]], kind: .scalar))
            let kind = program.kinds[program.instances[i].kind]
            for (l, v) in kind.locals.enumerated() {
                let base = layout.localBase[i][l]
                result.append(Variable(name: "\(prefix).\(v.name)", slots: Array(base..<(base + v.slots)),
                                       kind: v.count == nil ? .scalar : .list))
            }
        }
        let names = program.instances.indices.map(program.instanceName)
        for (l, lock) in program.locks.enumerated() {
            result.append(Variable(name: lock.name, slots: layout.lockSlot[l], kind: .lock(names)))
        }
        return result
    }
}
