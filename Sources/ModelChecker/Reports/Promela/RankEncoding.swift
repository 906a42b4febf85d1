import ProtocolDSL

/// How the Promela export writes variables whose values do not fit Promela's 32-bit `int`:
/// each group of such variables that are copied into and compared with one another holds
/// the rank of its value in the sorted set of every value the group can take (its domain).
/// Ranks compare like the values, so copies and comparisons mean the same; anything else
/// on these variables is refused (`PromelaFidelity`).
struct RankEncoding: Sendable {
    /// The groups: their variables and their domains (sorted, distinct).
    let groups: [(variables: [ProgramVariable], domain: [Int128])]
    /// The group of each ranked variable.
    let groupOf: [ProgramVariable: Int]

    /// No variable ranked: the plain export.
    static let none = RankEncoding(groups: [])

    init(groups: [(variables: [ProgramVariable], domain: [Int128])]) {
        self.groups = groups
        var g: [ProgramVariable: Int] = [:]
        for (n, group) in groups.enumerated() { for v in group.variables { g[v] = n } }
        groupOf = g
    }

    /// The variables written as ranks.
    var ranked: Set<ProgramVariable> { Set(groupOf.keys) }

    /// The rank of `value` in group `group` (the value is in its domain).
    func rank(_ value: Int128, group: Int) -> Int {
        let d = groups[group].domain
        var lo = 0, hi = d.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if d[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
