import ProtocolDSL

/// One reachable state, with the writes of the step being executed on top.
struct OneStateStore: ValueStore {
    let layout: StateLayout
    let state: [UInt64]
    var written: [Int: ValueBounds] = [:]

    init(layout: StateLayout, state: [UInt64]) {
        self.layout = layout
        self.state = state
    }

    /// The slots `variable` may denote.
    func slots(_ variable: ProgramVariable, _ instance: Int, _ element: ValueBounds?) -> [Int] {
        let base: Int, count: Int
        switch variable {
        case .global(let g):
            base = layout.globalBase[g]
            count = layout.program.globals[g].slots
        case .local(_, let l):
            base = layout.localBase[instance][l]
            count = layout.program.kinds[layout.program.instances[instance].kind].locals[l].slots
        }
        guard let e = element else { return [base] }
        let inBounds = e.exact.map { $0.filter { $0 >= 0 && $0 < Int128(count) }.map { base + Int($0) } }
            ?? Array(base..<(base + count))
        // An index out of bounds is an error in both languages; the interpreter reads element 0.
        return inBounds.isEmpty ? [base] : inBounds.sorted()
    }

    func value(_ slot: Int) -> ValueBounds {
        written[slot] ?? ValueBounds(ValueBounds.value(bits: state[slot], layout.valueType(ofSlot: slot)!))
    }

    func read(_ variable: ProgramVariable, instance: Int, element: ValueBounds?) -> ValueBounds {
        let s = slots(variable, instance, element)
        return s.dropFirst().reduce(value(s[0])) { $0.joined(value($1)) }
    }

    mutating func write(_ variable: ProgramVariable, instance: Int, element: ValueBounds?, _ v: ValueBounds) {
        let s = slots(variable, instance, element)
        if s.count == 1 {
            written[s[0]] = v
        } else {
            for slot in s { written[slot] = value(slot).joined(v) }
        }
    }

    func pcIs(_ instance: Int, _ step: Int) -> ValueBounds {
        ValueBounds(state[layout.pcSlot[instance]] == UInt64(step) ? 1 : 0)
    }

    func joined(_ other: OneStateStore) -> OneStateStore {
        var r = self
        for slot in Set(written.keys).union(other.written.keys) { r.written[slot] = value(slot).joined(other.value(slot)) }
        return r
    }
}
