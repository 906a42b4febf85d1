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
        /// The slots of the members' tuples, member after member, each `width` long.
        let flat: [Int]
        let width: Int
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
                return Family(members: members, flat: slots.flatMap { $0 }, width: slots[0].count,
                              offset: nil, tupleIDs: [], idSlots: [])
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
            return Family(members: members, flat: slots.flatMap { $0 }, width: slots[0].count,
                          offset: ids.offset,
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

    /// The number of families.
    var familyCount: Int { families.count }

    /// `s` with family `family`'s member at position `p` moved to position `perm[p]`, and its
    /// stored ids renamed along: the group action the representatives are taken under (the
    /// tests build whole orbits with it).
    func permuted(_ s: [UInt64], family: Int, _ perm: [Int]) -> [UInt64] {
        let f = families[family]
        var t = s
        for p in 0..<f.members.count {
            for k in 0..<f.width { t[f.flat[perm[p] * f.width + k]] = s[f.flat[p * f.width + k]] }
        }
        if let c = f.offset {
            for slot in f.idSlots where t[slot] >= c && t[slot] - c < UInt64(f.members.count) {
                t[slot] = c + UInt64(perm[Int(t[slot] - c)])
            }
        }
        return t
    }

    /// Marks in `skip` the family members of representative `s` whose steps need not be
    /// expanded: a member whose tuple equals the previous member's, when no id slot holds
    /// either one's id. Swapping the two members then leaves `s` as it is, so each step of the
    /// marked member leads into the orbit of the same step of the previous one.
    func markRedundant(_ s: [UInt64], _ skip: inout [Bool]) {
        for f in families {
            let width = f.width
            for p in 1..<f.members.count {
                var equal = true
                for k in 0..<width where s[f.flat[p * width + k]] != s[f.flat[(p - 1) * width + k]] {
                    equal = false
                    break
                }
                guard equal else { continue }
                if let c = f.offset {
                    let a = c + UInt64(p - 1), b = c + UInt64(p)
                    if f.idSlots.contains(where: { s[$0] == a || s[$0] == b }) { continue }
                }
                skip[f.members[p]] = true
            }
        }
    }

    /// Sorts family `f`'s tuples in `s` (renaming its ids); returns the original member at each position.
    ///
    /// A stable insertion sort on the keys: a successor differs from a sorted representative in
    /// one member's tuple, so it is nearly sorted and this takes about one pass.
    private func sort(_ f: Family, _ s: inout [UInt64]) -> [Int] {
        let n = f.members.count
        let width = f.width
        var tuples = [UInt64](repeating: 0, count: n * width)
        var keys = tuples
        var order = Array(0..<n)
        f.flat.withUnsafeBufferPointer { flat in
            tuples.withUnsafeMutableBufferPointer { tuples in
                keys.withUnsafeMutableBufferPointer { keys in
                    for p in 0..<n {
                        for k in 0..<width {
                            let v = s[flat[p * width + k]]
                            tuples[p * width + k] = v
                            if let c = f.offset, f.tupleIDs[k], v >= c {
                                keys[p * width + k] = v == c + UInt64(p) ? c : c + 1
                            } else {
                                keys[p * width + k] = v
                            }
                        }
                    }
                    func below(_ a: Int, _ b: Int) -> Bool {
                        for k in 0..<width where keys[a * width + k] != keys[b * width + k] {
                            return keys[a * width + k] < keys[b * width + k]
                        }
                        return false
                    }
                    order.withUnsafeMutableBufferPointer { order in
                        for i in 1..<n {
                            let x = order[i]
                            var j = i
                            while j > 0 && below(x, order[j - 1]) {
                                order[j] = order[j - 1]
                                j -= 1
                            }
                            order[j] = x
                        }
                    }
                    for p in 0..<n {
                        let from = order[p]
                        for k in 0..<width { s[flat[p * width + k]] = tuples[from * width + k] }
                    }
                }
            }
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
