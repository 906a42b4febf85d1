import ProtocolDSL

/// Maps a state to the representative of its orbit under the program's `Symmetry`: within each
/// family, the members' local tuples (program counter, locals, lock holds) sorted.
///
/// Nothing else needs permuting: a family's steps never read `selfIndex`, so no datum holds a
/// member's identity, and no step names a member. Two states are in one orbit exactly when
/// their representatives are equal.
struct Canonicalizer {
    /// One family: its members and, per member, the slots of its tuple in a fixed order.
    private struct Family {
        let members: [Int]
        let slots: [[Int]]
    }

    private let families: [Family]

    /// A canonicalizer of `layout`'s states under `symmetry`.
    init(layout: StateLayout, symmetry: Symmetry) {
        families = symmetry.families.map { members in
            Family(members: members, slots: members.map { m in
                [layout.pcSlot[m]] + layout.roles.indices.filter {
                    if case .local(m, _, _) = layout.roles[$0] { return true }
                    return false
                } + layout.lockSlot.map { $0[m] }
            })
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

    /// Sorts family `f`'s tuples in `s`; returns the original member at each position.
    private func sort(_ f: Family, _ s: inout [UInt64]) -> [Int] {
        let n = f.members.count
        let width = f.slots[0].count
        var tuples = [UInt64](repeating: 0, count: n * width)
        for p in 0..<n {
            for (k, slot) in f.slots[p].enumerated() { tuples[p * width + k] = s[slot] }
        }
        let order = (0..<n).sorted { a, b in
            for k in 0..<width where tuples[a * width + k] != tuples[b * width + k] {
                return tuples[a * width + k] < tuples[b * width + k]
            }
            return a < b
        }
        for (p, from) in order.enumerated() {
            for (k, slot) in f.slots[p].enumerated() { s[slot] = tuples[from * width + k] }
        }
        return order.map { f.members[$0] }
    }
}
