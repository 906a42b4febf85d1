import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// Array indices in `--reach` expressions: a constant one outside the array is an error; a
/// symbolic one outside it makes the condition false in that state, on every engine.
final class ReachIndexBoundsTests: XCTestCase {
    /// notifier-invalidate, default flags (one invalidator): `host_pfn` has 2 elements; `vcpu[0].pfn` becomes 3 or 4
    /// (the invalidator's fresh page) when the fault reads the host pfn after an update.
    func query(_ text: String) throws -> ReachabilityQuery {
        let m = try ModelCatalog.model(named: "notifier-invalidate")
        let c = try m.configuration()
        let expr = try ReachExpressionParser(program: try m.instantiate(c)).parse(text)
        let (program, condition) = try m.instantiate(c, typing: expr, as: "q")
        return ReachabilityQuery(program: program, condition: condition)
    }

    func answers(_ text: String, maxDepth: Int = 40) throws -> [ReachabilityQuery.Answer] {
        let q = try query(text)
        return try [Engine.explicit, .bmc].map { try q.run(engine: $0, maxDepth: maxDepth).0 }
    }

    func length(_ a: ReachabilityQuery.Answer) -> Int? {
        if case .reachable(let t) = a { return t.steps.count }
        return nil
    }

    func testAConstantIndexOutsideTheArrayIsAnErrorNamingItsBounds() throws {
        for (text, shown) in [("host_pfn[9] == 1", "9"), ("host_pfn[-1] == 1", "-1"), ("host_pfn[100] == 1", "100"),
                              ("host_pfn[0 - 1 + 3] == 1", "2"), ("host_pfn[9223372036854775807 + 1] == 1",
                                                                  "-9223372036854775808")] {
            XCTAssertThrowsError(try query(text), text) { error in
                let e = error as? ReachExpressionError
                XCTAssertEqual(e?.column, 10, text)
                XCTAssertEqual(e?.message, "index \(shown) is outside the bounds of host_pfn, 0...1", text)
            }
        }
        XCTAssertEqual(try answers("host_pfn[1] == 2").map(length), [0, 0])
    }

    func testASymbolicIndexOutsideTheArraySatisfiesNoConditionOnEitherEngine() throws {
        // The state exists (7 steps) ...
        XCTAssertEqual(try answers("vcpu[0].pfn >= 2").map(length), [7, 7])
        // ... but there host_pfn[vcpu[0].pfn] is out of bounds: neither the comparison nor its negation holds.
        // (Reading element 0 instead, as before, made both reachable in 7 steps.)
        for text in ["vcpu[0].pfn >= 2 && host_pfn[vcpu[0].pfn] == host_pfn[0]",
                     "vcpu[0].pfn >= 2 && !(host_pfn[vcpu[0].pfn] == host_pfn[0])"] {
            for a in try answers(text) {
                guard case .unreachable(_, true) = a else { return XCTFail("\(text): \(a)") }
            }
        }
    }

    func testShortCircuitKeepsAGuardedIndexDefined() throws {
        // The right operand is read only when the left one does not decide, as in C.
        XCTAssertEqual(try answers("vcpu[0].pfn < 2 && host_pfn[vcpu[0].pfn] == 2").map(length), [2, 2])
        XCTAssertEqual(try answers("vcpu[0].pfn >= 2 || host_pfn[vcpu[0].pfn] == 7").map(length), [7, 7])
    }

    func testSpacerProvesAnOutOfBoundsOnlyConditionUnreachable() throws {
        let q = try query("vcpu[0].pfn >= 2 && host_pfn[vcpu[0].pfn] == host_pfn[0]")
        guard case .proved = try Prover(program: q.program).prove(engine: .spacer) else {
            return XCTFail("spacer must prove the out-of-bounds-only condition unreachable")
        }
    }
}
