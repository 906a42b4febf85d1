import Foundation

/// A finite set of tuples written exactly as a union of cubes: each cube allows, per column, a
/// set of values, and the set is the union of the cubes' products.
///
/// Built by merging: two cubes that agree on every column but one become one cube with the
/// union of their values in that column (an exact step), repeated per column until nothing
/// merges. A column whose allowed values are all values the column takes anywhere in the set
/// (its domain) is left out of the cube (`nil`); the domain itself is stated once, so the
/// union of cubes, each conjoined with every domain, is still exactly the set.
///
/// While merging, a cube is a bit mask per column over that column's domain, all cubes in one
/// flat array, and a pass over a column groups the cubes by the other columns through an
/// open-addressing table (a reachable set of a million tuples merges in seconds, where arrays of
/// value sets in a dictionary took minutes).
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
        var domainSets = [Set<UInt64>](repeating: [], count: width)
        for t in tuples { for c in 0..<width { domainSets[c].insert(t[c]) } }
        let domains = domainSets.map { $0.sorted() }
        self.domains = domains
        // Column c's mask takes words[c] words, starting at offset[c] within a cube.
        let words = domains.map { max(1, ($0.count + 63) / 64) }
        var offset: [Int] = []
        var total = 0
        for w in words {
            offset.append(total)
            total += w
        }
        let index = domains.map { d in Dictionary(uniqueKeysWithValues: d.enumerated().map { ($1, $0) }) }
        var masks = [UInt64](repeating: 0, count: tuples.count * total)
        var n = 0
        for t in tuples {
            for c in 0..<width {
                let b = index[c][t[c]]!
                masks[n * total + offset[c] + b / 64] |= 1 << UInt64(b % 64)
            }
            n += 1
        }
        var changed = true
        while changed {
            changed = false
            for c in 0..<width {
                if let d = deadline, Date() >= d { return nil }
                let merged = Self.mergePass(masks, count: n, stride: total, column: offset[c], words: words[c])
                if merged.count < n { changed = true }
                masks = merged.masks
                n = merged.count
            }
        }
        var result: [[[UInt64]]] = []
        result.reserveCapacity(n)
        for i in 0..<n {
            var cube: [[UInt64]] = []
            for c in 0..<width {
                var values: [UInt64] = []
                for b in domains[c].indices {
                    let word: UInt64 = masks[i * total + offset[c] + b / 64]
                    if word & (1 << UInt64(b % 64)) != 0 { values.append(domains[c][b]) }
                }
                cube.append(values)
            }
            result.append(cube)
        }
        self.cubes = result.sorted { a, b in a.lexicographicallyPrecedes(b) { $0.lexicographicallyPrecedes($1) } }
            .map { cube in cube.enumerated().map { c, values in values == domains[c] ? nil : values } }
    }

    /// One pass over a column: cubes equal on every other word are one cube, with the union of
    /// their masks in the column's `words` words at `column`.
    private static func mergePass(_ masks: [UInt64], count n: Int, stride: Int, column: Int,
                                  words: Int) -> (masks: [UInt64], count: Int) {
        var size = 16
        while size < 2 * n { size <<= 1 }
        var table = [Int32](repeating: -1, count: size)
        var out = [UInt64]()
        out.reserveCapacity(masks.count)
        var m = 0
        masks.withUnsafeBufferPointer { src in
            for i in 0..<n {
                let base = i * stride
                var h: UInt64 = 0x9E37_79B9_7F4A_7C15
                for k in 0..<stride where k < column || k >= column + words {
                    h = (h ^ src[base + k]) &* 0xBF58_476D_1CE4_E5B9
                    h ^= h >> 31
                }
                var slot = Int(truncatingIfNeeded: h) & (size - 1)
                while true {
                    let j = Int(table[slot])
                    if j < 0 {
                        table[slot] = Int32(m)
                        out.append(contentsOf: src[base..<(base + stride)])
                        m += 1
                        break
                    }
                    let other = j * stride
                    var equal = true
                    for k in 0..<stride where (k < column || k >= column + words) && out[other + k] != src[base + k] {
                        equal = false
                        break
                    }
                    if equal {
                        for k in column..<(column + words) { out[other + k] |= src[base + k] }
                        break
                    }
                    slot = (slot + 1) & (size - 1)
                }
            }
        }
        return (out, m)
    }

    /// Whether `tuple` is in the set.
    func contains(_ tuple: [UInt64]) -> Bool {
        guard tuple.enumerated().allSatisfy({ domains[$0.offset].contains($0.element) }) else { return false }
        return cubes.contains { cube in
            cube.enumerated().allSatisfy { c, values in values.map { $0.contains(tuple[c]) } ?? true }
        }
    }
}
