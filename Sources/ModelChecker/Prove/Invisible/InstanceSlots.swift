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

    /// The grouping of `layout` for `familyKinds`; `scalarsets` of other kinds are ignored.
    init(layout: StateLayout, familyKinds: Set<Int>, scalarsets: [Scalarset] = []) {
        self.layout = layout
        self.familyKinds = familyKinds
        let sets = scalarsets.filter { familyKinds.contains($0.kind) }
        var ids: [Int: Scalarset] = [:]
        if !sets.isEmpty {
            for (slot, role) in layout.roles.enumerated() {
                let variable: Scalarset.Variable
                switch role {
                case .global(let g, _): variable = .global(g)
                case .local(let i, let l, _): variable = .local(kind: layout.program.instances[i].kind, variable: l)
                default: continue
                }
                if let s = sets.first(where: { $0.variables.contains(variable) }) { ids[slot] = s }
            }
        }
        self.idSlots = ids
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
