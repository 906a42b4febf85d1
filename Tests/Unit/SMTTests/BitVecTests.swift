import XCTest
@testable import SMT

final class BitVecTests: XCTestCase {
    private func bv(_ v: UInt64, _ w: Int, _ ctx: Z3Context) -> BitVecTerm { .literal(v, width: w, in: ctx) }

    func testLiteralIsTruncatedToItsWidth() throws {
        let ctx = Z3Context()
        XCTAssertEqual(try groundValue(bv(0x1FF, 8, ctx)), 0xFF)
        XCTAssertEqual(try groundValue(bv(UInt64.max, 64, ctx)), UInt64.max)
        XCTAssertEqual(try groundValue(bv(UInt64.max, 32, ctx)), 0xFFFF_FFFF)
    }

    func testAdditionWrapsAround() throws {
        let ctx = Z3Context()
        XCTAssertEqual(try groundValue(bv(250, 8, ctx) + bv(10, 8, ctx)), 4)
        XCTAssertEqual(try groundValue(bv(UInt64.max, 64, ctx) + bv(1, 64, ctx)), 0)
        XCTAssertEqual(try groundValue(bv(0, 32, ctx) - bv(1, 32, ctx)), 0xFFFF_FFFF)
        XCTAssertEqual(try groundValue(bv(0x10, 8, ctx) * bv(0x10, 8, ctx)), 0)
    }

    func testWrapAroundMakesXPlusOneLessThanXSatisfiable() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 16, in: ctx)
        let s = Solver(context: ctx)
        s.assert((x + bv(1, 16, ctx)).ult(x))
        XCTAssertEqual(try s.check(), .sat)
        XCTAssertEqual(try s.model().eval(x), 0xFFFF, "only the maximum wraps")
    }

    func testBitwiseOperators() throws {
        let ctx = Z3Context()
        XCTAssertEqual(try groundValue(bv(0b1100, 8, ctx) & bv(0b1010, 8, ctx)), 0b1000)
        XCTAssertEqual(try groundValue(bv(0b1100, 8, ctx) | bv(0b1010, 8, ctx)), 0b1110)
        XCTAssertEqual(try groundValue(bv(0b1100, 8, ctx) ^ bv(0b1010, 8, ctx)), 0b0110)
        XCTAssertEqual(try groundValue(~bv(0x0F, 8, ctx)), 0xF0)
        XCTAssertEqual(try groundValue(bv(0x81, 8, ctx).shl(bv(1, 8, ctx))), 0x02)
        XCTAssertEqual(try groundValue(bv(0x80, 8, ctx).lshr(bv(7, 8, ctx))), 0x01)
        XCTAssertEqual(try groundValue(bv(0x80, 8, ctx).ashr(bv(7, 8, ctx))), 0xFF)
    }

    func testDivisionFollowsCForSignedAndSMTLIBForZero() throws {
        let ctx = Z3Context()
        let minus7 = bv(UInt64(bitPattern: -7), 32, ctx), two = bv(2, 32, ctx)
        XCTAssertEqual(try groundValue(minus7.sdiv(two)), UInt64(UInt32(bitPattern: -3)), "rounds toward zero")
        XCTAssertEqual(try groundValue(minus7.srem(two)), UInt64(UInt32(bitPattern: -1)), "dividend's sign")
        XCTAssertEqual(try groundValue(bv(7, 32, ctx).udiv(two)), 3)
        XCTAssertEqual(try groundValue(bv(7, 32, ctx).urem(two)), 1)
        XCTAssertEqual(try groundValue(bv(7, 8, ctx).udiv(bv(0, 8, ctx))), 0xFF)
    }

    func testSignedAndUnsignedComparisonDiffer() throws {
        let ctx = Z3Context()
        let minus1 = bv(0xFF, 8, ctx), one = bv(1, 8, ctx)
        XCTAssertFalse(try groundValue(minus1.ult(one)), "0xFF is 255 unsigned")
        XCTAssertTrue(try groundValue(minus1.slt(one)), "0xFF is -1 signed")
        XCTAssertTrue(try groundValue(minus1.sle(minus1)))
        XCTAssertTrue(try groundValue(one.ule(minus1)))
        XCTAssertFalse(try groundValue(one.slt(minus1)))
    }

    func testSignedComparisonOverSymbols() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 32, in: ctx)
        let zero = bv(0, 32, ctx)
        // x <s 0 and x >u 0x7FFFFFFF are the same set.
        XCTAssertTrue(try isValid(x.slt(zero).iff(bv(0x7FFF_FFFF, 32, ctx).ult(x))))
        XCTAssertFalse(try isValid(x.slt(zero).iff(x.ult(zero))))
    }

    func testExtract() throws {
        let ctx = Z3Context()
        let v = bv(0xABCD, 16, ctx)
        let hi = v.extract(high: 15, low: 8), lo = v.extract(high: 7, low: 0), mid = v.extract(high: 11, low: 4)
        XCTAssertEqual(hi.width, 8)
        XCTAssertEqual(mid.width, 8)
        XCTAssertEqual(try groundValue(hi), 0xAB)
        XCTAssertEqual(try groundValue(lo), 0xCD)
        XCTAssertEqual(try groundValue(mid), 0xBC)
        XCTAssertEqual(try groundValue(v.extract(high: 0, low: 0)), 1)
    }

    func testZeroAndSignExtension() throws {
        let ctx = Z3Context()
        let neg = bv(0x80, 8, ctx), pos = bv(0x7F, 8, ctx)
        XCTAssertEqual(neg.zeroExtend(8).width, 16)
        XCTAssertEqual(try groundValue(neg.zeroExtend(8)), 0x0080)
        XCTAssertEqual(try groundValue(neg.signExtend(8)), 0xFF80)
        XCTAssertEqual(try groundValue(pos.signExtend(24)), 0x7F)
        XCTAssertEqual(try groundValue(neg.signExtend(56)), 0xFFFF_FFFF_FFFF_FF80)
        XCTAssertEqual(neg.zeroExtend(0).width, 8)
    }

    func testResizedTruncatesToTheLowBits() throws {
        let ctx = Z3Context()
        let v = bv(0x1234_5678_9ABC_DEF0, 64, ctx)
        let r = v.resized(to: 32, signed: true)
        XCTAssertEqual(r.width, 32)
        XCTAssertEqual(try groundValue(r), 0x9ABC_DEF0)
        XCTAssertEqual(try groundValue(v.resized(to: 32, signed: false)), 0x9ABC_DEF0)
        XCTAssertEqual(try groundValue(v.resized(to: 8, signed: false)), 0xF0)
    }

    func testResizedWidensNegativeSignedBySignExtension() throws {
        let ctx = Z3Context()
        let minus1 = bv(UInt64(bitPattern: -1), 8, ctx)
        let wide = minus1.resized(to: 32, signed: true)
        XCTAssertEqual(wide.width, 32)
        XCTAssertEqual(try groundValue(wide), 0xFFFF_FFFF, "(int32_t)(int8_t)-1 == -1")
        XCTAssertEqual(try groundValue(minus1.resized(to: 32, signed: false)), 0xFF, "(uint32_t)(uint8_t)0xFF == 255")
        XCTAssertEqual(try groundValue(bv(5, 8, ctx).resized(to: 64, signed: true)), 5)
        XCTAssertEqual(minus1.resized(to: 8, signed: true).width, 8)
    }

    func testResizedRoundTripIsIdentityOnSymbols() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 8, in: ctx)
        XCTAssertTrue(try isValid(x.resized(to: 32, signed: true).resized(to: 8, signed: true).eq(x)))
        // Sign extension preserves the signed order, zero extension the unsigned order.
        let y = BitVecTerm.variable("y", width: 8, in: ctx)
        XCTAssertTrue(try isValid(x.slt(y).iff(x.resized(to: 32, signed: true).slt(y.resized(to: 32, signed: true)))))
        XCTAssertTrue(try isValid(x.ult(y).iff(x.resized(to: 32, signed: false).ult(y.resized(to: 32, signed: false)))))
        XCTAssertFalse(try isValid(x.slt(y).iff(x.resized(to: 32, signed: false).slt(y.resized(to: 32, signed: false)))))
    }

    func testBitVecIte() throws {
        let ctx = Z3Context()
        let c = BoolTerm.literal(false, in: ctx)
        XCTAssertEqual(try groundValue(c.ite(bv(1, 16, ctx), bv(2, 16, ctx))), 2)
        XCTAssertEqual(try groundValue((!c).ite(bv(1, 16, ctx), bv(2, 16, ctx))), 1)
    }
}
