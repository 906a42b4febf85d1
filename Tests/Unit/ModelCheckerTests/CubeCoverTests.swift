@testable import ModelChecker
import XCTest

/// A fixed-seed linear congruential sequence (the high 31 bits of each state).
struct SeededNumbers {
    var seed: UInt64
    mutating func next() -> UInt64 {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return seed >> 33
    }
}

/// `CubeCover` writes a set of tuples exactly: every tuple of the product of the domains is in
/// the cover if and only if it is in the set.
final class CubeCoverTests: XCTestCase {
    func testAFullProductBecomesOneCubeThatNamesNoColumn() {
        let cover = CubeCover([[0, 0], [0, 1], [1, 0], [1, 1]], width: 2)
        XCTAssertEqual(cover.domains, [[0, 1], [0, 1]])
        XCTAssertEqual(cover.cubes.count, 1)
        XCTAssertEqual(cover.cubes[0], [nil, nil], "each column allows its whole domain")
    }

    func testADiagonalDoesNotMerge() {
        let cover = CubeCover([[0, 0], [1, 1]], width: 2)
        XCTAssertEqual(cover.cubes.count, 2)
        XCTAssertTrue(cover.contains([0, 0]))
        XCTAssertFalse(cover.contains([0, 1]), "merging the diagonal would admit (0, 1)")
        XCTAssertFalse(cover.contains([1, 0]))
    }

    func testRandomSetsAreCoveredExactly() {
        var random = SeededNumbers(seed: 0x9E37_79B9_7F4A_7C15)
        func next() -> UInt64 { random.next() }
        for round in 0..<40 {
            let width = 1 + Int(next() % 4)
            var tuples = Set<[UInt64]>()
            for _ in 0..<(1 + next() % 30) { tuples.insert((0..<width).map { _ in next() % 3 }) }
            let cover = CubeCover(tuples, width: width)
            XCTAssertLessThanOrEqual(cover.cubes.count, tuples.count, "round \(round)")
            // Every tuple over {0, 1, 2, 3}^width: in the cover exactly when in the set.
            var all: [[UInt64]] = [[]]
            for _ in 0..<width { all = all.flatMap { t in (0..<4).map { t + [UInt64($0)] } } }
            for t in all {
                XCTAssertEqual(cover.contains(t), tuples.contains(t), "round \(round): \(t) in \(tuples.sorted { $0.lexicographicallyPrecedes($1) })")
            }
        }
    }

    func testTheCoverIsTheSameWhateverTheSetsOrder() {
        let tuples: [[UInt64]] = [[0, 1, 2], [0, 1, 0], [1, 1, 2], [2, 0, 0], [1, 0, 2], [0, 0, 2]]
        let a = CubeCover(Set(tuples), width: 3)
        let b = CubeCover(Set(tuples.reversed()), width: 3)
        XCTAssertEqual(a, b, "deterministic output: the cubes are sorted")
    }
}

/// The cover is the one the plain merge gives: cubes as arrays of value sets, grouped per
/// column in a dictionary until nothing merges (the first implementation, kept here as the
/// reference for the bit-mask one).
final class CubeCoverReferenceTests: XCTestCase {
    static func reference(_ tuples: Set<[UInt64]>, width: Int) -> [[[UInt64]]] {
        var cubes: [[[UInt64]]] = tuples.map { $0.map { [$0] } }
        var changed = true
        while changed {
            changed = false
            for c in 0..<width {
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
        return cubes.sorted { a, b in a.lexicographicallyPrecedes(b) { $0.lexicographicallyPrecedes($1) } }
    }

    func testRandomSetsGiveTheReferenceCubes() {
        var random = SeededNumbers(seed: 0x2545_F491_4F6C_DD1D)
        func next() -> UInt64 { random.next() }
        for round in 0..<60 {
            let width = 1 + Int(next() % 5)
            // Some columns take more than 64 values, so their masks span several words.
            let spread: [UInt64] = (0..<width).map { _ in next() % 4 == 0 ? 150 : 2 + next() % 4 }
            var tuples = Set<[UInt64]>()
            for _ in 0..<(1 + next() % 400) { tuples.insert((0..<width).map { next() % spread[$0] }) }
            let cover = CubeCover(tuples, width: width)
            let expected = Self.reference(tuples, width: width)
            let got = cover.cubes.map { cube in cube.enumerated().map { c, v in v ?? cover.domains[c] } }
            XCTAssertEqual(got, expected, "round \(round): width \(width), \(tuples.count) tuples")
        }
    }
}
