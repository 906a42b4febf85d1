import XCTest
@testable import SMT

final class SMTLIBRoundTripTests: XCTestCase {
    /// Dumps `s`, parses the text in a fresh context, and checks it there.
    private func reparsedAnswer(_ s: Solver) throws -> (SolverResult, String, Z3Context, BoolTerm) {
        let text = try s.smtlib2()
        let fresh = Z3Context()
        let f = try fresh.parseSMTLIB2(text)
        let s2 = Solver(context: fresh)
        s2.assert(f)
        return (try s2.check(), text, fresh, f)
    }

    func testSatBitVectorProblemRoundTrips() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 32, in: ctx), y = BitVecTerm.variable("y", width: 32, in: ctx)
        let s = Solver(context: ctx)
        s.assert((x + y).eq(.literal(10, width: 32, in: ctx)))
        s.assert(x.slt(y))
        s.assert(BitVecTerm.literal(0, width: 32, in: ctx).slt(x))
        XCTAssertEqual(try s.check(), .sat)
        let (r, text, fresh, _) = try reparsedAnswer(s)
        XCTAssertEqual(r, .sat, text)
        XCTAssertTrue(text.contains("declare-fun x") || text.contains("declare-const x"), text)
        XCTAssertTrue(text.contains("(check-sat)"), text)
        // The parsed problem constrains the same names in the same way.
        let x2 = BitVecTerm.variable("x", width: 32, in: fresh)
        let s3 = Solver(context: fresh)
        s3.assert(try fresh.parseSMTLIB2(text))
        s3.assert(x2.eq(.literal(7, width: 32, in: fresh)))
        XCTAssertEqual(try s3.check(), .unsat, "x < y and x + y = 10 rule out x = 7")
    }

    func testUnsatProblemRoundTrips() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 8, in: ctx)
        let s = Solver(context: ctx)
        s.assert(x.ult(.literal(3, width: 8, in: ctx)))
        s.assert(BitVecTerm.literal(5, width: 8, in: ctx).ult(x))
        XCTAssertEqual(try s.check(), .unsat)
        let (r, text, _, _) = try reparsedAnswer(s)
        XCTAssertEqual(r, .unsat, text)
    }

    func testMixedSortsRoundTrip() throws {
        let ctx = Z3Context()
        let b = BoolTerm.variable("flag", in: ctx)
        let i = IntTerm.variable("count", in: ctx)
        let v = BitVecTerm.variable("word", width: 64, in: ctx)
        let s = Solver(context: ctx)
        s.assert(b.implies(IntTerm.literal(3, in: ctx).lt(i)))
        s.assert(b)
        s.assert(i.lt(.literal(5, in: ctx)))
        s.assert(v.resized(to: 8, signed: false).eq(.literal(0xAB, width: 8, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        let (r, text, fresh, f) = try reparsedAnswer(s)
        XCTAssertEqual(r, .sat, text)
        let s2 = Solver(context: fresh)
        s2.assert(f)
        XCTAssertEqual(try s2.check(), .sat)
        XCTAssertEqual(try s2.model().eval(IntTerm.variable("count", in: fresh)), 4, "3 < count < 5")
        XCTAssertEqual(try s2.model().eval(BitVecTerm.variable("word", width: 64, in: fresh)) & 0xFF, 0xAB)
    }

    func testOnlyTheCurrentScopeIsDumped() throws {
        let ctx = Z3Context()
        let p = BoolTerm.variable("p", in: ctx)
        let s = Solver(context: ctx)
        s.assert(p)
        s.push()
        s.assert(!p)
        XCTAssertEqual(try reparsedAnswer(s).0, .unsat)
        s.pop()
        XCTAssertEqual(try reparsedAnswer(s).0, .sat)
    }

    func testEmptySolverDumpParsesAsTrue() throws {
        let ctx = Z3Context()
        let (r, text, _, _) = try reparsedAnswer(Solver(context: ctx))
        XCTAssertEqual(r, .sat, text)
    }
}
