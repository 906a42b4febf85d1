import ProtocolDSL

/// Maps a state to a representative of its orbit under the program's `Symmetry`: within each
/// family, the members' local tuples (program counter, locals, lock holds) sorted.
///
/// A family without stored ids needs nothing else: no datum holds a member's identity, and no
/// step names a member, so two states are in one orbit exactly when their representatives are
/// equal. A family with a `Scalarset` is sorted by tuples in which each id reads as "below the
/// offset: itself", "my own" or "another member's", and then every stored id is renamed with
/// the members. Members that tie on that key keep their order, so two states of one orbit can
/// get different representatives: the search then stores the orbit more than once, which costs
/// states, never soundness (each representative is a state of the orbit).
struct Canonicalizer {
    /// One family: its members, per member the slots of its tuple in a fixed order, and, for
    /// a scalarset, its offset, the id slots of each member's tuple and every id slot of a state.
    private struct Family {
        let members: [Int]
        let slots: [[Int]]
        let offset: UInt64?
        let tupleIDs: [Bool]
        let idSlots: [Int]
    }

    private let families: [Family]

    /// A canonicalizer of `layout`'s states under `symmetry`.
    init(layout: StateLayout, symmetry: Symmetry) {
        families = zip(symmetry.families, symmetry.scalarsets).map { members, ids in
            let slots = members.map(layout.slots(ofInstance:))
            guard let ids else {
                return Family(members: members, slots: slots, offset: nil, tupleIDs: [], idSlots: [])
            }
            let idSlots = layout.roles.indices.filter { slot in
                switch layout.roles[slot] {
                case .global(let g, _): return ids.variables.contains(.global(g))
                case .local(let i, let l, _):
                    return ids.variables.contains(.local(kind: layout.program.instances[i].kind, variable: l))
                default: return false
                }
            }
            let idSet = Set(idSlots)
            return Family(members: members, slots: slots, offset: ids.offset,
                          tupleIDs: slots[0].map { idSet.contains($0) }, idSlots: idSlots)
        }
    }

    /// Whether it changes anything.
    var isTrivial: Bool { families.isEmpty }

    /// Replaces `s` by its orbit's representative.
    func canonicalize(_ s: inout [UInt64]) {
        for f in families { _ = sort(f, &s) }
    }

    /// Replaces `s` by its orbit's representative and returns, for each family member `m`,
    /// the member of the original `s` whose tuple now sits at `m` (members of no family map
    /// to themselves).
    func canonicalizeTracking(_ s: inout [UInt64]) -> [Int: Int] {
        var origin: [Int: Int] = [:]
        for f in families {
            for (m, from) in zip(f.members, sort(f, &s)) { origin[m] = from }
        }
        return origin
    }

    /// Sorts family `f`'s tuples in `s` (renaming its ids); returns the original member at each position.
    private func sort(_ f: Family, _ s: inout [UInt64]) -> [Int] {
        let n = f.members.count
        let width = f.slots[0].count
        var tuples = [UInt64](repeating: 0, count: n * width)
        var keys = tuples
        for p in 0..<n {
            for (k, slot) in f.slots[p].enumerated() {
                let v = s[slot]
                tuples[p * width + k] = v
                if let c = f.offset, f.tupleIDs[k], v >= c {
                    keys[p * width + k] = v == c + UInt64(p) ? c : c + 1
                } else {
                    keys[p * width + k] = v
                }
            }
        }
        let order = (0..<n).sorted { a, b in
            for k in 0..<width where keys[a * width + k] != keys[b * width + k] {
                return keys[a * width + k] < keys[b * width + k]
            }
            return a < b
        }
        for (p, from) in order.enumerated() {
            for (k, slot) in f.slots[p].enumerated() { s[slot] = tuples[from * width + k] }
        }
        if let c = f.offset {
            var position = [UInt64](repeating: 0, count: n)
            for (p, from) in order.enumerated() { position[from] = UInt64(p) }
            for slot in f.idSlots where s[slot] >= c && s[slot] - c < UInt64(n) {
                s[slot] = c + position[Int(s[slot] - c)]
            }
        }
        return order.map { f.members[$0] }
    }
}
