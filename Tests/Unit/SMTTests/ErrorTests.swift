import XCTest
import CZ3
@testable import SMT

final class ErrorTests: XCTestCase {
    func testWidthMismatchIsThrownByCheck() throws {
        let ctx = Z3Context()
        let a = BitVecTerm.variable("a", width: 8, in: ctx)
        let b = BitVecTerm.variable("b", width: 16, in: ctx)
        let s = Solver(context: ctx)
        s.assert((a + a).eq(a))
        s.assert(a.ult(b))
        let e = assertThrowsSMTError(try s.check())
        XCTAssertEqual(e?.code, "mmuspec")
        XCTAssertEqual(e?.message.contains("8"), true)
        XCTAssertEqual(e?.message.contains("16"), true)
    }

    func testErrorIsReportedOnceThenTheContextRecovers() throws {
        let ctx = Z3Context()
        let a = BitVecTerm.variable("a", width: 8, in: ctx)
        _ = a + BitVecTerm.variable("b", width: 32, in: ctx)
        let s = Solver(context: ctx)
        assertThrowsSMTError(try s.check())
        s.assert(a.eq(.literal(1, width: 8, in: ctx)))
        XCTAssertEqual(try s.check(), .sat, "the error was thrown once and cleared")
        XCTAssertEqual(try s.model().eval(a), 1)
    }

    func testFirstErrorWins() throws {
        let ctx = Z3Context()
        let a = BitVecTerm.variable("a", width: 8, in: ctx)
        _ = a.extract(high: 9, low: 0)
        _ = a - BitVecTerm.variable("b", width: 4, in: ctx)
        let e = assertThrowsSMTError(try Solver(context: ctx).check())
        XCTAssertEqual(e?.message.contains("extract [9:0] of a 8-bit term"), true, e?.message ?? "")
    }

    func testIteOfDifferentWidthsIsAnError() throws {
        let ctx = Z3Context()
        let c = BoolTerm.variable("c", in: ctx)
        _ = c.ite(BitVecTerm.literal(1, width: 8, in: ctx), BitVecTerm.literal(1, width: 9, in: ctx))
        let e = assertThrowsSMTError(try Solver(context: ctx).check())
        XCTAssertEqual(e?.message.contains("widths 8 and 9"), true, e?.message ?? "")
    }

    func testZ3SortErrorIsThrownNotFatal() throws {
        let ctx = Z3Context()
        // Mislabel a Boolean handle as a bit-vector: Z3 itself rejects the addition.
        let p = BoolTerm.variable("p", in: ctx)
        let fake = BitVecTerm(p.term, width: 8)
        let x = BitVecTerm.variable("x", width: 8, in: ctx)
        let s = Solver(context: ctx)
        s.assert((fake + x).eq(x))
        let e = assertThrowsSMTError(try s.check())
        // Z3 4.8 reports sort errors as Z3_EXCEPTION with its own message; later versions may say Z3_SORT_ERROR.
        XCTAssertTrue(["Z3_SORT_ERROR", "Z3_EXCEPTION"].contains(e?.code ?? ""), e?.description ?? "")
        XCTAssertEqual(e?.message.contains("sort"), true, "Z3's message: \(e?.message ?? "")")
        XCTAssertEqual(try s.check(), .sat, "the solver stays usable")
    }

    func testPopPastTheOutermostScopeIsThrownByCheck() throws {
        let ctx = Z3Context()
        let s = Solver(context: ctx)
        s.push()
        s.pop(3)
        let e = assertThrowsSMTError(try s.check())
        XCTAssertTrue(e?.code.hasPrefix("Z3_") ?? false, e?.description ?? "")
        XCTAssertEqual(try s.check(), .sat)
    }

    func testNegativeExtensionOrPopIsAnErrorNotATrap() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 8, in: ctx)
        let y = x.zeroExtend(-1)
        XCTAssertEqual(y.width, 8)
        assertThrowsSMTError(try Solver(context: ctx).check())
        _ = x.signExtend(-3)
        assertThrowsSMTError(try Solver(context: ctx).check())
        let s = Solver(context: ctx)
        s.pop(-1)
        assertThrowsSMTError(try s.check())
        XCTAssertEqual(try s.check(), .sat)
    }

    func testZeroWidthBitVectorIsAnErrorNotACrash() throws {
        let ctx = Z3Context()
        _ = BitVecTerm.variable("z", width: 0, in: ctx)
        assertThrowsSMTError(try Solver(context: ctx).check())
        _ = BitVecTerm.literal(0, width: 0, in: ctx)
        assertThrowsSMTError(try Solver(context: ctx).check())
        _ = BitVecTerm.variable("x", width: 8, in: ctx).resized(to: 0, signed: false)
        assertThrowsSMTError(try Solver(context: ctx).check())
    }

    func testUnknownLogicIsThrownByCheckNotACrash() throws {
        let ctx = Z3Context()
        let s = Solver(context: ctx, logic: "NO_SUCH_LOGIC")
        s.assert(BoolTerm.variable("p", in: ctx))
        let e = assertThrowsSMTError(try s.check())
        XCTAssertEqual(e?.message.contains("NO_SUCH_LOGIC"), true, e?.description ?? "")
    }

    func testKnownLogicSolverWorks() throws {
        let ctx = Z3Context()
        let s = Solver(context: ctx, logic: "QF_BV")
        let x = BitVecTerm.variable("x", width: 8, in: ctx)
        s.assert((x * .literal(3, width: 8, in: ctx)).eq(.literal(1, width: 8, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        XCTAssertEqual(try s.model().eval(x), 171, "171 * 3 = 513 = 1 mod 256")
    }

    func testSMTLIBDumpThrowsPendingError() throws {
        let ctx = Z3Context()
        let s = Solver(context: ctx)
        _ = BitVecTerm.variable("a", width: 8, in: ctx).ule(.variable("b", width: 7, in: ctx))
        assertThrowsSMTError(try s.smtlib2())
    }

    func testMalformedSMTLIBThrowsZ3Message() throws {
        let ctx = Z3Context()
        let e = assertThrowsSMTError(try ctx.parseSMTLIB2("(assert (and p"))
        XCTAssertEqual(e?.code, "Z3_PARSER_ERROR", e?.description ?? "")
        let e2 = assertThrowsSMTError(try ctx.parseSMTLIB2("(assert (= undeclared_thing #x01))"))
        XCTAssertEqual(e2?.code, "Z3_PARSER_ERROR")
        XCTAssertEqual(e2?.message.contains("undeclared_thing"), true, "Z3's own message: \(e2?.message ?? "")")
        // The context is still usable.
        let ok = try ctx.parseSMTLIB2("(declare-const p Bool) (assert p)")
        let s = Solver(context: ctx)
        s.assert(ok)
        XCTAssertEqual(try s.check(), .sat)
    }

    func testSortErrorInSMTLIBText() throws {
        let ctx = Z3Context()
        let e = assertThrowsSMTError(try ctx.parseSMTLIB2("(declare-const x (_ BitVec 8)) (assert (bvult x true))"))
        XCTAssertEqual(e?.code, "Z3_PARSER_ERROR", e?.description ?? "")
        XCTAssertFalse(e?.message.isEmpty ?? true)
    }

    func testErrorDescriptionNamesCodeAndMessage() {
        let e = SMTError(code: "Z3_IOB", message: "index out of bounds")
        XCTAssertEqual(e.description, "Z3 error (Z3_IOB): index out of bounds")
    }

    func testVersionIsZ3s() {
        XCTAssertTrue(Z3Context.version.split(separator: ".").count == 3)
        XCTAssertFalse(Z3Context.version.hasPrefix("0."))
    }
}
