@testable import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// The search over orbits expands one member of each run of equal tuples
/// (`Canonicalizer.markRedundant`). These tests hold it to the orbits themselves: every state
/// the plain search reaches is in the orbit of a state the search over orbits stores, and every
/// stored state is reachable up to symmetry. Orbits are built whole here, by every permutation
/// of every family (`Canonicalizer.permuted`), so ties among scalarset members cannot hide a
/// lost orbit. (Holding presets: the collection stops at a violation.)
final class OrbitExpansionTests: XCTestCase {
    func reachable(_ p: Program, symmetry: Symmetry?) throws -> Set<[UInt64]> {
        guard case .complete(let states) = ReachableStates(program: p, symmetry: symmetry)
            .explore(stateLimit: 1_000_000, deadline: nil) else {
            XCTFail("the search did not finish")
            return []
        }
        return states
    }

    /// Every permutation of 0..<n.
    static func permutations(_ n: Int) -> [[Int]] {
        guard n > 1 else { return [Array(0..<n)] }
        return permutations(n - 1).flatMap { p in (0...p.count).map { i in
            var q = p
            q.insert(n - 1, at: i)
            return q
        } }
    }

    func assertSameOrbits(_ model: ProtocolModel, _ preset: String, _ overrides: [(String, String)],
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let p = try model.instantiate(try model.configuration(preset: preset, overrides: overrides))
        let symmetry = Symmetry(p)
        XCTAssertFalse(symmetry.isTrivial, "\(model.name): no family to reduce", file: file, line: line)
        let canonicalizer = Canonicalizer(layout: StateLayout(p), symmetry: symmetry)
        // The least state of each orbit: a canonical form with no ties.
        func least(_ s: [UInt64]) -> [UInt64] {
            var orbit = [s]
            for f in 0..<canonicalizer.familyCount {
                let perms = Self.permutations(symmetry.families[f].count)
                orbit = orbit.flatMap { t in perms.map { canonicalizer.permuted(t, family: f, $0) } }
            }
            return orbit.min { $0.lexicographicallyPrecedes($1) }!
        }
        let plain = try reachable(p, symmetry: nil)
        let orbits = try reachable(p, symmetry: symmetry)
        let plainOrbits = Set(plain.map(least))
        let storedOrbits = Set(orbits.map(least))
        XCTAssertEqual(storedOrbits.count, plainOrbits.count, "\(model.name) \(preset): orbits", file: file, line: line)
        XCTAssertTrue(storedOrbits == plainOrbits,
                      "\(model.name) \(preset): \(plainOrbits.subtracting(storedOrbits).count) orbits lost, "
                      + "\(storedOrbits.subtracting(plainOrbits).count) unreachable ones stored", file: file, line: line)
        // The reduction did something.
        XCTAssertLessThan(orbits.count, plain.count, file: file, line: line)
    }

    func testAFamilyWithoutIDsReachesEveryOrbit() throws {
        // Three vCPUs start alike, so every initial state has a run of equal tuples.
        try assertSameOrbits(APICAccessZap.model, "upstream", [("vcpus", "3")])
        try assertSameOrbits(APICAccessZap.model, "v5.15-tdp", [("vcpus", "3")])
    }

    func testTwoFamiliesWithIDsReachEveryOrbit() throws {
        // The invalidators store their page ids (`selfIndex + 3`), and the vCPUs copy them.
        try assertSameOrbits(NotifierInvalidate.model, "upstream", [("vcpus", "2")])
    }

    func testAFamilyWithStoredIDsReachesEveryOrbit() throws {
        // tdp-shared-fault's vCPUs store their page ids: equal tuples are expanded once only
        // when no slot holds either member's id.
        try assertSameOrbits(TDPSharedFault.model, "upstream", [("vcpus", "3")])
        try assertSameOrbits(TDPSharedFault.model, "write-lock-store", [("vcpus", "3")])
    }

    func testEqualTuplesAreMarkedAndTheFirstIsNot() throws {
        let p = try APICAccessZap.model.instantiate(try APICAccessZap.model.configuration(
            preset: "upstream", overrides: [("vcpus", "3")]))
        let symmetry = Symmetry(p)
        let canonicalizer = Canonicalizer(layout: StateLayout(p), symmetry: symmetry)
        let initial = Interpreter(layout: StateLayout(p)).initialStates()[0]
        var skip = [Bool](repeating: false, count: p.instances.count)
        canonicalizer.markRedundant(initial, &skip)
        // In the initial state the three vCPUs are alike: only the first is expanded, and no
        // instance outside the family is left out.
        let vcpus = try XCTUnwrap(symmetry.families.first)
        XCTAssertEqual(vcpus.map { skip[$0] }, [false, true, true])
        XCTAssertFalse(p.instances.indices.filter { !vcpus.contains($0) }.contains { skip[$0] })
    }
}
