@testable import ModelChecker
import RandomProtocols
import SMT
import XCTest

/// `StateDiagram` writes a set of tuples exactly, in any column order: its membership test and
/// its formula (checked by Z3 against the disjunction of the set's tuples) accept a tuple of the
/// domains' product if and only if it is in the set.
final class StateDiagramTests: XCTestCase {
    func testAFullProductNeedsNoTest() throws {
        let d = try XCTUnwrap(StateDiagram([[0, 0], [0, 1], [1, 0], [1, 1]], width: 2, deadline: nil))
        XCTAssertEqual(d.root, -1, "every value of each domain leads to acceptance: no node")
        XCTAssertTrue(d.nodes.isEmpty)
    }

    func testEqualSuffixesAreOneNode() throws {
        // Both first values lead to the same set of second values: one shared node below the root.
        let d = try XCTUnwrap(StateDiagram([[0, 1], [0, 2], [1, 1], [1, 2], [2, 0]], width: 2, deadline: nil))
        XCTAssertEqual(d.nodes.count, 3, "root, {1, 2} shared by 0 and 1, and {0} under 2")
        XCTAssertTrue(d.contains([1, 2]))
        XCTAssertFalse(d.contains([2, 1]))
        XCTAssertFalse(d.contains([0, 0]))
    }

    func testTheEmptySetAcceptsNothing() throws {
        let d = try XCTUnwrap(StateDiagram([], width: 2, deadline: nil))
        XCTAssertNil(d.root)
        XCTAssertFalse(d.contains([0, 0]))
    }

    func testRandomSetsAreWrittenExactlyInAnyOrder() throws {
        var rng = SplitMix64(seed: 0x5EED_D1A6)
        for round in 0..<40 {
            let width = 1 + rng.below(4)
            var tuples = Set<[UInt64]>()
            for _ in 0..<(1 + rng.below(30)) { tuples.insert((0..<width).map { _ in UInt64(rng.below(3)) }) }
            let order = Array((0..<width).shuffled(using: &rng))
            let d = try XCTUnwrap(StateDiagram(tuples, width: width, order: order, deadline: nil))
            var all: [[UInt64]] = [[]]
            for _ in 0..<width { all = all.flatMap { t in (0..<4).map { t + [UInt64($0)] } } }
            for t in all {
                XCTAssertEqual(d.contains(t), tuples.contains(t), "round \(round), order \(order): \(t)")
            }
            // The formula is the set: it is equivalent to the disjunction of its tuples.
            let ctx = Z3Context()
            let x = (0..<width).map { BitVecTerm.variable("x\($0)", width: 3, in: ctx) }
            let a = d.formula(over: x, in: ctx)
            let b = BoolTerm.or(tuples.map { t in
                BoolTerm.and((0..<width).map { x[$0].eq(.literal(t[$0], width: 3, in: ctx)) }, in: ctx)
            }, in: ctx)
            let solver = Solver(context: ctx)
            solver.assert(!a.iff(b))
            XCTAssertEqual(try solver.check(), .unsat, "round \(round), order \(order)")
        }
    }
}
