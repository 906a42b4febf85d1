import Foundation

/// A finite set of tuples written exactly as a union of cubes: each cube allows, per column, a
/// set of values, and the set is the union of the cubes' products.
///
/// Built by merging: two cubes that agree on every column but one become one cube with the
/// union of their values in that column (an exact step), repeated per column until nothing
/// merges. A column whose allowed values are all values the column takes anywhere in the set
/// (its domain) is left out of the cube (`nil`); the domain itself is stated once, so the
/// union of cubes, each conjoined with every domain, is still exactly the set.
struct CubeCover: Equatable {
    /// Per column, the values it takes in some tuple, ascending.
    let domains: [[UInt64]]
    /// Per cube and column, the allowed values ascending, or nil for the column's whole domain.
    let cubes: [[[UInt64]?]]

    init(_ tuples: Set<[UInt64]>, width: Int) {
        self.init(tuples, width: width, deadline: nil)!
    }

    /// The cover of `tuples`, or nil when `deadline` passes first (read after each merge pass
    /// over a column).
    init?(_ tuples: Set<[UInt64]>, width: Int, deadline: Date?) {
        var domains = [Set<UInt64>](repeating: [], count: width)
        for t in tuples { for c in 0..<width { domains[c].insert(t[c]) } }
        var cubes: [[[UInt64]]] = tuples.map { $0.map { [$0] } }
        var changed = true
        while changed {
            changed = false
            for c in 0..<width {
                if let d = deadline, Date() >= d { return nil }
                var merged: [[[UInt64]]: Set<UInt64>] = [:]
                for cube in cubes {
                    var key = cube
                    key[c] = []
                    merged[key, default: []].formUnion(cube[c])
                }
                if merged.count < cubes.count { changed = true }
                cubes = merged.map { key, values in
                    var cube = key
                    cube[c] = values.sorted()
                    return cube
                }
            }
        }
        let sortedDomains = domains.map { $0.sorted() }
        self.domains = sortedDomains
        self.cubes = cubes.sorted { a, b in a.lexicographicallyPrecedes(b) { $0.lexicographicallyPrecedes($1) } }
            .map { cube in cube.enumerated().map { c, values in values == sortedDomains[c] ? nil : values } }
    }

    /// Whether `tuple` is in the set.
    func contains(_ tuple: [UInt64]) -> Bool {
        guard tuple.enumerated().allSatisfy({ domains[$0.offset].contains($0.element) }) else { return false }
        return cubes.contains { cube in
            cube.enumerated().allSatisfy { c, values in values.map { $0.contains(tuple[c]) } ?? true }
        }
    }
}
