import XCTest
@testable import ProtocolDSL

final class InvariantExpansionTests: XCTestCase {
    /// Two kinds: `other` (2 instances, flat 0 and 1) then `t` (`n` instances, flat 2...).
    private func program(tInstances n: Int, _ invariants: [InvariantDecl]) throws -> Program {
        let x = Local("x", .u8)
        return try instantiate { _ in
            Process("other", instances: 2) { Step("idle") }
            Process("t", instances: n) {
                x
                Step("enter")
                Step("cs") { x <- x + 1 }
                Step("leave")
            }
            for inv in invariants { inv }
        }
    }

    func testForAllExpandsToOneClausePerInstance() throws {
        let inv = Invariant("small", forAll: "t") { i in i.local("x") < 10 }
        let p = try program(tInstances: 3, [inv])
        let clauses = p.invariants[0].clauses
        XCTAssertEqual(p.invariants[0].name, "small")
        XCTAssertEqual(clauses.map(\.instantiation), ["t[0]", "t[1]", "t[2]"])
        for (k, c) in clauses.enumerated() {
            guard case .binary(.lt, let lhs, _, _, .bool) = c.condition else { return XCTFail("\(c.condition)") }
            // The local is read from instance k of `t`, whose flat index is 2 + k (after `other`).
            var found: InstanceSel?
            if case .local(0, let sel, _) = lhs { found = sel }
            if case .convert(.local(0, let sel, _), _) = lhs { found = sel }
            XCTAssertEqual(found, .fixed(2 + k), "\(lhs)")
        }
    }

    func testForAllPairsExpandsToEveryOrderedPairOfDistinctInstances() throws {
        let inv = Invariant("mutex", forAllPairs: "t") { i, j in !(i.at("cs") && j.at("cs")) }
        let p = try program(tInstances: 3, [inv])
        let clauses = p.invariants[0].clauses
        XCTAssertEqual(clauses.count, 6, "3 * 2 ordered pairs")
        XCTAssertEqual(Set(clauses.map(\.instantiation)),
                       ["t[0], t[1]", "t[0], t[2]", "t[1], t[0]", "t[1], t[2]", "t[2], t[0]", "t[2], t[1]"])
        for c in clauses {
            guard case .unary(.not, .binary(.and, .pcIs(let a, let sa), .pcIs(let b, let sb), _, _), _) = c.condition
            else { return XCTFail("\(c.condition)") }
            XCTAssertNotEqual(a, b)
            XCTAssertEqual(sa, 1, "cs is step 1")
            XCTAssertEqual(sb, 1)
            XCTAssertEqual(c.instantiation, "t[\(a - 2)], t[\(b - 2)]")
        }
    }

    func testPairsOfASingleInstanceKindIsEmpty() throws {
        let inv = Invariant("mutex", forAllPairs: "t") { i, j in !(i.at("cs") && j.at("cs")) }
        XCTAssertEqual(try program(tInstances: 1, [inv]).invariants[0].clauses.count, 0)
        XCTAssertEqual(try program(tInstances: 4, [inv]).invariants[0].clauses.count, 12)
    }

    func testUnquantifiedInvariantHasOneClause() throws {
        let inv = Invariant("done_eventually_means_done") {
            Expr.finished(kind: "t", instance: 0) ==> !Expr.at(kind: "t", instance: 0, label: "cs")
        }
        let p = try program(tInstances: 2, [inv])
        let clauses = p.invariants[0].clauses
        XCTAssertEqual(clauses.count, 1)
        XCTAssertEqual(clauses[0].instantiation, "")
        guard case .binary(.implies, .pcIs(2, 3), _, _, _) = clauses[0].condition else {
            return XCTFail("finished is the pc past the last step: \(clauses[0].condition)")
        }
    }

    func testQuantifyingOverAnUnknownKind() {
        let inv = Invariant("bad", forAll: "nobody") { i in i.at("cs") }; let line = #line
        assertModelError(.unknownVariable, mentions: ["'nobody'", "invariant 'bad'"],
                         at: SourceLocation(file: #fileID, line: line)) {
            try self.program(tInstances: 2, [inv])
        }
    }

    func testInstanceOutOfRangeInAnInvariant() {
        let inv = Invariant("bad") { Expr.at(kind: "t", instance: 5, label: "cs") }; let line = #line
        assertModelError(.invalid, mentions: ["t[5]", "2 instance"], at: SourceLocation(file: #fileID, line: line)) {
            try self.program(tInstances: 2, [inv])
        }
    }
}
