import XCTest
@testable import SMT

final class IntTests: XCTestCase {
    func testArithmeticDoesNotWrap() throws {
        let ctx = Z3Context()
        let big = IntTerm.literal(Int64.max, in: ctx)
        let x = IntTerm.variable("x", in: ctx)
        let s = Solver(context: ctx)
        // Over the integers, x = max + 1 - max is exactly 1 (no 64-bit wrap-around).
        s.assert(x.eq(big + .literal(1, in: ctx) - big))
        XCTAssertEqual(try s.check(), .sat)
        XCTAssertEqual(try s.model().eval(x), 1)
        // And max + 1 > max is valid, unlike for bit-vectors.
        XCTAssertTrue(try isValid(big.lt(big + .literal(1, in: ctx))))
    }

    func testLinearSystem() throws {
        let ctx = Z3Context()
        let x = IntTerm.variable("x", in: ctx), y = IntTerm.variable("y", in: ctx)
        let s = Solver(context: ctx)
        s.assert((x + y).eq(.literal(10, in: ctx)))
        s.assert((x - y).eq(.literal(4, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        let m = try s.model()
        XCTAssertEqual(try m.eval(x), 7)
        XCTAssertEqual(try m.eval(y), 3)
        XCTAssertEqual(try m.eval(x * y), 21)
    }

    func testNoIntegerBetweenConsecutiveValues() throws {
        let ctx = Z3Context()
        let x = IntTerm.variable("x", in: ctx)
        let s = Solver(context: ctx)
        s.assert(IntTerm.literal(3, in: ctx).lt(x))
        s.assert(x.lt(.literal(4, in: ctx)))
        XCTAssertEqual(try s.check(), .unsat)
    }

    func testLessOrEqualAndIte() throws {
        let ctx = Z3Context()
        let x = IntTerm.variable("x", in: ctx), y = IntTerm.variable("y", in: ctx)
        let maxXY = x.lt(y).ite(y, x)
        XCTAssertTrue(try isValid(x.le(maxXY) && y.le(maxXY)))
        XCTAssertFalse(try isValid(x.lt(maxXY)))
    }

    func testNegativeValues() throws {
        let ctx = Z3Context()
        let x = IntTerm.variable("x", in: ctx)
        let s = Solver(context: ctx)
        s.assert((x * .literal(3, in: ctx)).eq(.literal(-21, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        XCTAssertEqual(try s.model().eval(x), -7)
    }
}
