import ProtocolDSL
import SMT

/// The slots of a layout grouped the way a symmetric projection needs them: the shared slots
/// (globals, the error slot, and every instance of a kind that is not treated as a family), and
/// per instance of a family kind its own slots (program counter, locals, lock holds) in a fixed
/// order, so that position `p` means the same thing in every instance and in every layout of
/// the same model.
///
/// A family whose members store their ids in data (`Scalarset`) gets its ids renamed relative
/// to a view: in a projection onto members `m_0, m_1, ...`, the id of the `q`-th viewed member
/// of the family is written `offset + q`, the id of any member outside the view `offset + n`
/// (`n` viewed members of the family), and the constants below the offset stay. The same
/// relation then means the same thing for every choice of members, at every size.
struct InstanceSlots {
    let layout: StateLayout
    /// The kinds whose instances are interchangeable members of a family.
    let familyKinds: Set<Int>
    /// Per slot that holds member ids of a family kind, the ids' scalarset.
    let idSlots: [Int: Scalarset]
    /// Per slot that holds a counter written relative to its class (`Counters`): the class
    /// (its index in the list given) and the threshold up to which values are exact.
    let counterSlots: [Int: (cls: Int, threshold: Int64)]

    /// The grouping of `layout` for `familyKinds`; `scalarsets` of other kinds are ignored.
    init(layout: StateLayout, familyKinds: Set<Int>, scalarsets: [Scalarset] = [], counters: [Counters.Class] = []) {
        self.layout = layout
        self.familyKinds = familyKinds
        let sets = scalarsets.filter { familyKinds.contains($0.kind) }
        var ids: [Int: Scalarset] = [:]
        var counted: [Int: (cls: Int, threshold: Int64)] = [:]
        for (slot, role) in layout.roles.enumerated() {
            let variable: Scalarset.Variable
            switch role {
            case .global(let g, _): variable = .global(g)
            case .local(let i, let l, _): variable = .local(kind: layout.program.instances[i].kind, variable: l)
            default: continue
            }
            if let s = sets.first(where: { $0.variables.contains(variable) }) { ids[slot] = s }
            if let c = counters.firstIndex(where: { $0.variables.contains(variable) }) {
                counted[slot] = (c, counters[c].threshold)
            }
        }
        self.idSlots = ids
        self.counterSlots = counted
    }

    /// Whether a column's values depend on the view or on other columns (not a plain value set).
    func isRelative(_ slot: Int) -> Bool { idSlots[slot] != nil || counterSlots[slot] != nil }

    /// `value` of `slot` as a signed number when its type is signed.
    func signedValue(_ value: UInt64, slot: Int) -> Int64 {
        let width = layout.widths[slot]
        guard case .int(_, true) = layout.valueType(ofSlot: slot), width < 64 else { return Int64(bitPattern: value) }
        let shift = UInt64(64 - width)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }

    /// Whether `slot`'s type is signed.
    func isSigned(_ slot: Int) -> Bool {
        if case .int(_, true) = layout.valueType(ofSlot: slot) { return true }
        return false
    }

    /// The positions of the pairs of counter columns of one class among `columns` (the
    /// comparison columns a projection adds after them).
    func counterPairs(_ columns: [Int]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for a in columns.indices {
            guard let ca = counterSlots[columns[a]] else { continue }
            for b in columns.indices where b > a && counterSlots[columns[b]]?.cls == ca.cls { out.append((a, b)) }
        }
        return out
    }

    /// How `a` compares with `b` as a comparison column writes it: 0 below, 1 equal, 2 above.
    func comparison(_ a: UInt64, _ b: UInt64, slots: (Int, Int)) -> UInt64 {
        let x = signedValue(a, slot: slots.0), y = signedValue(b, slot: slots.1)
        if isSigned(slots.0) || isSigned(slots.1) { return x < y ? 0 : x == y ? 1 : 2 }
        return a < b ? 0 : a == b ? 1 : 2
    }

    /// The condition comparison code `code` stands for on the terms of two counter slots.
    func comparisonCondition(_ x: BitVecTerm, _ y: BitVecTerm, code: UInt64, slots: (Int, Int)) -> BoolTerm {
        let signed = isSigned(slots.0) || isSigned(slots.1)
        switch code {
        case 0: return signed ? x.slt(y) : x.ult(y)
        case 1: return x.eq(y)
        default: return signed ? y.slt(x) : y.ult(x)
        }
    }

    /// The slots of flat instance `i` (`StateLayout.slots(ofInstance:)`).
    func slots(ofInstance i: Int) -> [Int] { layout.slots(ofInstance: i) }

    /// Globals, the error slot, then the slots of every instance of a non-family kind.
    var sharedSlots: [Int] {
        var out = (0..<layout.count).filter { if case .global = layout.roles[$0] { return true } else { return false } }
        out.append(layout.errorSlot)
        for i in layout.program.instances.indices where !familyKinds.contains(layout.program.instances[i].kind) {
            out += slots(ofInstance: i)
        }
        return out
    }

    /// The flat instances of family kind `k`.
    func members(ofKind k: Int) -> [Int] {
        let kind = layout.program.kinds[k]
        return Array(kind.firstInstance..<(kind.firstInstance + kind.instances))
    }

    // MARK: ids relative to a view

    /// The viewed members (flat instances, in view order) of the family whose ids `set` holds.
    func viewed(_ set: Scalarset, among members: [Int]) -> [Int] {
        members.filter { layout.program.instances[$0].kind == set.kind }
    }

    /// `value` of `slot` as the projection onto `members` writes it (ids renamed, other values kept).
    func code(_ value: UInt64, slot: Int, members: [Int]) -> UInt64 {
        if let counter = counterSlots[slot] {
            // Exact up to the threshold, then "above it".
            return signedValue(value, slot: slot) <= counter.threshold ? value : UInt64(bitPattern: counter.threshold + 1)
        }
        guard let set = idSlots[slot], value >= set.offset else { return value }
        let viewed = viewed(set, among: members)
        let index = Int(value - set.offset)
        if let q = viewed.firstIndex(where: { layout.program.instances[$0].index == index }) {
            return set.offset + UInt64(q)
        }
        return set.offset + UInt64(viewed.count)
    }

    /// The condition on `x` (the state variable of `slot`) that `code` stands for in a view of `members`.
    func condition(_ x: BitVecTerm, code: UInt64, slot: Int, members: [Int], in ctx: Z3Context) -> BoolTerm {
        func literal(_ v: UInt64) -> BitVecTerm { BitVecTerm.literal(v, width: x.width, in: ctx) }
        if let counter = counterSlots[slot], signedValue(code, slot: slot) > counter.threshold {
            let bound = literal(UInt64(bitPattern: counter.threshold))
            return isSigned(slot) ? bound.slt(x) : bound.ult(x)
        }
        guard let set = idSlots[slot], code >= set.offset else { return x.eq(literal(code)) }
        let viewed = viewed(set, among: members)
        let q = Int(code - set.offset)
        if q < viewed.count {
            return x.eq(literal(set.offset + UInt64(layout.program.instances[viewed[q]].index)))
        }
        // Some member outside the view.
        let size = UInt64(layout.program.kinds[set.kind].instances)
        var parts = [literal(set.offset).ule(x), x.ult(literal(set.offset + size))]
        parts += viewed.map { !x.eq(literal(set.offset + UInt64(layout.program.instances[$0].index))) }
        return BoolTerm.and(parts, in: ctx)
    }
}
