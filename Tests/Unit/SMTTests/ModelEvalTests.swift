import XCTest
@testable import SMT

final class ModelEvalTests: XCTestCase {
    func testEvaluatesEachSort() throws {
        let ctx = Z3Context()
        let b = BoolTerm.variable("b", in: ctx)
        let v = BitVecTerm.variable("v", width: 32, in: ctx)
        let w = BitVecTerm.variable("w", width: 64, in: ctx)
        let i = IntTerm.variable("i", in: ctx)
        let s = Solver(context: ctx)
        s.assert(!b)
        s.assert(v.eq(.literal(0xDEAD_BEEF, width: 32, in: ctx)))
        s.assert(w.eq(.literal(UInt64.max - 1, width: 64, in: ctx)))
        s.assert(i.eq(.literal(-123_456_789_012, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        let m = try s.model()
        XCTAssertEqual(try m.eval(b), false)
        XCTAssertEqual(try m.eval(v), 0xDEAD_BEEF)
        XCTAssertEqual(try m.eval(w), UInt64.max - 1, "64-bit values above Int64.max are returned unsigned")
        XCTAssertEqual(try m.eval(i), -123_456_789_012)
    }

    func testEvaluatesCompoundTermsInTheModel() throws {
        let ctx = Z3Context()
        let v = BitVecTerm.variable("v", width: 8, in: ctx)
        let i = IntTerm.variable("i", in: ctx)
        let s = Solver(context: ctx)
        s.assert(v.eq(.literal(200, width: 8, in: ctx)))
        s.assert(i.eq(.literal(6, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        let m = try s.model()
        XCTAssertEqual(try m.eval(v + v), 144, "200 + 200 mod 256")
        XCTAssertEqual(try m.eval(v.resized(to: 16, signed: true)), 0xFFC8)
        XCTAssertEqual(try m.eval(i * i), 36)
        XCTAssertEqual(try m.eval(v.ult(.literal(201, width: 8, in: ctx))), true)
        XCTAssertEqual(try m.eval(i.lt(.literal(6, in: ctx))), false)
    }

    func testUnconstrainedTermsAreCompleted() throws {
        let ctx = Z3Context()
        let free = BitVecTerm.variable("free", width: 16, in: ctx)
        let freeBool = BoolTerm.variable("freeBool", in: ctx)
        let freeInt = IntTerm.variable("freeInt", in: ctx)
        let s = Solver(context: ctx)
        XCTAssertEqual(try s.check(), .sat)
        let m = try s.model()
        // Model completion gives some value; what matters is that it is a constant and consistent.
        let a = try m.eval(free)
        XCTAssertLessThanOrEqual(a, 0xFFFF)
        XCTAssertEqual(try m.eval(free.eq(.literal(a, width: 16, in: ctx))), true)
        let fb = try m.eval(freeBool)
        XCTAssertEqual(try m.eval(freeBool.iff(.literal(fb, in: ctx))), true)
        let fi = try m.eval(freeInt)
        XCTAssertEqual(try m.eval(freeInt.eq(.literal(fi, in: ctx))), true)
    }

    func testModelOutlivesLaterChecks() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 8, in: ctx)
        let s = Solver(context: ctx)
        s.push()
        s.assert(x.eq(.literal(42, width: 8, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        let first = try s.model()
        s.pop()
        s.assert(x.eq(.literal(7, width: 8, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        let second = try s.model()
        XCTAssertEqual(try first.eval(x), 42, "a model keeps its own assignment")
        XCTAssertEqual(try second.eval(x), 7)
    }

    func testIntegerTooLargeForInt64Throws() throws {
        let ctx = Z3Context()
        let i = IntTerm.variable("i", in: ctx)
        let max = IntTerm.literal(Int64.max, in: ctx)
        let s = Solver(context: ctx)
        s.assert(i.eq(max * max))
        XCTAssertEqual(try s.check(), .sat)
        let e = assertThrowsSMTError(try s.model().eval(i))
        XCTAssertEqual(e?.message.contains("64 bits"), true)
        // The failed evaluation must not leave an error behind for the next check.
        XCTAssertEqual(try s.check(), .sat)
    }
}
