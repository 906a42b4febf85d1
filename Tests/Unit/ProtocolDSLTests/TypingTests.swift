import XCTest
@testable import ProtocolDSL

/// C's typing rules on the typed IR: literals adopt the other operand's (promoted) type, narrow
/// integers promote to i32, mixed operands meet at the common type, assignment converts.
final class TypingTests: XCTestCase {
    // Globals, in this order: a: u8, b: u8, c: i32, w: u32, s: i64, u: u64, sb: i8.
    private let a = Global("a", .u8), b = Global("b", .u8), c = Global("c", .i32)
    private let w = Global("w", .u32), s = Global("s", .i64), u = Global("u", .u64), sb = Global("sb", .i8)

    private func program(@StmtBuilder _ stmts: @escaping @Sendable () -> [Stmt]) throws -> Program {
        let (a, b, c, w, s, u, sb) = (self.a, self.b, self.c, self.w, self.s, self.u, self.sb)
        return try instantiate { _ in
            a
            b
            c
            w
            s
            u
            sb
            Process("p") { Step("s", stmts) }
        }
    }

    /// Global values in declaration order.
    private func values(a: UInt64 = 0, b: UInt64 = 0, c: Int32 = 0, w: UInt32 = 0, s: Int64 = 0, u: UInt64 = 0,
                        sb: Int8 = 0) -> [UInt64] {
        [a, b, UInt64(UInt32(bitPattern: c)), UInt64(w), UInt64(bitPattern: s), u, UInt64(UInt8(bitPattern: sb))]
    }

    func testLiteralAdoptsTheOtherOperandsType() throws {
        let (u, w, s) = (self.u, self.w, self.s)
        let p = try program {
            Assert(u == 5, "u64 literal")
            Assert(7 < w, "u32 literal on the left")
            Assert(s + 1 > 0, "i64 literal")
        }
        guard case .binary(.eq, _, let lit, let ot, let rt)? = assertedCondition(p, 0) else { return XCTFail() }
        XCTAssertEqual(lit.type, .u64)
        XCTAssertEqual(ot, .u64)
        XCTAssertEqual(rt, .bool)
        guard case .binary(.lt, let lit2, _, let ot2, _)? = assertedCondition(p, 1) else { return XCTFail() }
        XCTAssertEqual(lit2.type, .u32)
        XCTAssertEqual(ot2, .u32)
        guard case .binary(.gt, let sum, _, let ot3, _)? = assertedCondition(p, 2),
              case .binary(.add, _, let one, _, let sumType) = sum else { return XCTFail() }
        XCTAssertEqual(one.type, .i64)
        XCTAssertEqual(sumType, .i64)
        XCTAssertEqual(ot3, .i64)
    }

    func testLiteralNextToANarrowTypeTakesThePromotedType() throws {
        let a = self.a
        let p = try program { Assert(a == 255, "u8 literal") }
        guard case .binary(.eq, let lhs, let lit, let ot, _)? = assertedCondition(p) else { return XCTFail() }
        XCTAssertEqual(ot, .i32)
        XCTAssertEqual(lit.type, .i32)
        guard case .convert(.global(0, .u8), to: .i32) = lhs else { return XCTFail("a is converted to i32: \(lhs)") }
        XCTAssertEqual(evaluate(assertedCondition(p)!, globals: values(a: 255)), 1)
        XCTAssertEqual(evaluate(assertedCondition(p)!, globals: values(a: 254)), 0)
    }

    func testU8PlusU8PromotesToI32() throws {
        let (a, b, c) = (self.a, self.b, self.c)
        let p = try program {
            c <- a + b
            Assert(a + b == 300, "no wrap at 8 bits")
        }
        let sum = try XCTUnwrap(assignedValue(p, 0))
        XCTAssertEqual(sum.type, .i32)
        guard case .binary(.add, let l, let r, let ot, _) = sum else { return XCTFail("\(sum)") }
        XCTAssertEqual(ot, .i32)
        XCTAssertEqual(l.type, .i32)
        XCTAssertEqual(r.type, .i32)
        let cond = try XCTUnwrap(assertedCondition(p, 1))
        XCTAssertEqual(evaluate(cond, globals: values(a: 200, b: 100)), 1, "200 + 100 is 300 in int, not 44")
        XCTAssertEqual(evaluate(sum, globals: values(a: 200, b: 100)), 300)
    }

    func testNegatingAnUnsignedByteIsAnInt() throws {
        let (a, c) = (self.a, self.c)
        let p = try program { c <- -a }
        let v = try XCTUnwrap(assignedValue(p))
        XCTAssertEqual(v.type, .i32)
        XCTAssertEqual(evaluate(v, globals: values(a: 1)), UInt64(UInt32(bitPattern: -1)))
    }

    func testU32AgainstI64ComparesSigned64Bit() throws {
        let (w, s) = (self.w, self.s)
        let p = try program { Assert(w < s, "mixed") }
        let cond = try XCTUnwrap(assertedCondition(p))
        guard case .binary(.lt, let l, let r, let ot, .bool) = cond else { return XCTFail("\(cond)") }
        XCTAssertEqual(ot, .i64)
        XCTAssertEqual(l.type, .i64)
        XCTAssertEqual(r.type, .i64)
        // (int64_t)4294967295u < -1 is false; an unsigned 64-bit comparison would say true.
        XCTAssertEqual(evaluate(cond, globals: values(w: .max, s: -1)), 0)
        XCTAssertEqual(evaluate(cond, globals: values(w: 3, s: 4)), 1)
    }

    func testU64AgainstI64ComparesUnsigned() throws {
        let (u, s) = (self.u, self.s)
        let p = try program { Assert(u < s, "mixed") }
        let cond = try XCTUnwrap(assertedCondition(p))
        guard case .binary(.lt, _, _, let ot, _) = cond else { return XCTFail("\(cond)") }
        XCTAssertEqual(ot, .u64, "at equal width unsigned wins")
        XCTAssertEqual(evaluate(cond, globals: values(s: -1, u: 0)), 1, "0 < (uint64_t)-1")
    }

    func testMinusOneAssignedToU64IsUInt64Max() throws {
        let (u, s) = (self.u, self.s)
        let p = try program {
            u <- -1
            u <- s
        }
        let v = try XCTUnwrap(assignedValue(p, 0))
        XCTAssertEqual(v.type, .u64)
        XCTAssertEqual(evaluate(v, globals: values()), UInt64.max)
        let conv = try XCTUnwrap(assignedValue(p, 1))
        XCTAssertEqual(conv.type, .u64)
        XCTAssertEqual(evaluate(conv, globals: values(s: -1)), UInt64.max)
    }

    func testAssignmentTruncatesAndExtends() throws {
        let (a, c, s, sb, w) = (self.a, self.c, self.s, self.sb, self.w)
        let p = try program {
            a <- 300
            a <- c
            s <- sb
            s <- w
        }
        XCTAssertEqual(evaluate(assignedValue(p, 0)!, globals: values()), 44, "300 mod 256")
        XCTAssertEqual(assignedValue(p, 1)?.type, .u8)
        XCTAssertEqual(evaluate(assignedValue(p, 1)!, globals: values(c: 0x1234)), 0x34, "low bits kept")
        XCTAssertEqual(evaluate(assignedValue(p, 2)!, globals: values(sb: -2)), UInt64(bitPattern: -2),
                       "a signed source is sign-extended")
        XCTAssertEqual(evaluate(assignedValue(p, 3)!, globals: values(w: .max)), 0xFFFF_FFFF,
                       "an unsigned source is zero-filled")
    }

    func testEnumComparisonAndIte() throws {
        let st = Global("st", .enumeration("Phase", ["init", "run", "done"]))
        let n = Global("n", .u16)
        let p = try instantiate { _ in
            st
            n
            Process("p") {
                Step("s") {
                    Assert(st != "done", "not done")
                    n <- ite(st == "run", 1, 2)
                }
            }
        }
        guard case .binary(.ne, _, .const(2, .enumeration(let e)), _, .bool)? = assertedCondition(p) else {
            return XCTFail("\"done\" is case 2 of Phase")
        }
        XCTAssertEqual(e.name, "Phase")
        XCTAssertEqual(assignedValue(p, 1)?.type, .u16)
    }

    func testInitialValuesInTheType() throws {
        let p = try instantiate { _ in
            Global("neg", .i8, initial: .value(-1))
            Global("range", .u16, initial: .any(lo: 3, hi: 9))
            GlobalArray("arr", .u32, count: 3, initial: .elements([1, 2, 3]))
            Global("flag", .bool, initial: .value(true))
            Process("p") { Step("s") }
        }
        XCTAssertEqual(p.globals.map(\.name), ["neg", "range", "arr", "flag"])
        XCTAssertEqual(p.globals[0].initial, [-1 ... -1])
        XCTAssertEqual(p.globals[1].initial, [3...9])
        XCTAssertEqual(p.globals[2].initial, [1...1, 2...2, 3...3])
        XCTAssertEqual(p.globals[2].count, 3)
        XCTAssertEqual(p.globals[3].initial, [1...1])
    }

    func testValueTypeRendering() {
        XCTAssertEqual(ValueType.i8.render(0xFF), "-1")
        XCTAssertEqual(ValueType.u8.render(0xFF), "255")
        XCTAssertEqual(ValueType.u64.render(.max), "18446744073709551615")
        XCTAssertEqual(ValueType.bool.render(1), "true")
        XCTAssertEqual(ValueType.enumeration("E", ["x", "y"]).render(1), "y")
        XCTAssertEqual(ValueType.enumeration("E", ["x", "y", "z"]).bitWidth, 2)
        XCTAssertEqual(ValueType.i64.description, "i64")
    }
}
