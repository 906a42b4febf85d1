import XCTest
@testable import SMT

final class ReferenceCountingTests: XCTestCase {
    func testManyTermsCreatedAndDropped() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 32, in: ctx)
        var acc = BitVecTerm.literal(0, width: 32, in: ctx)
        for i in 0..<100_000 {
            let t = BitVecTerm.literal(UInt64(i), width: 32, in: ctx)
            let u = (x + t) & ~t
            _ = u.ult(t) || BoolTerm.variable("b\(i % 64)", in: ctx)
            if i % 10_000 == 0 { acc = acc + u }
        }
        let s = Solver(context: ctx)
        s.assert(x.eq(.literal(1, width: 32, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        // acc = sum over i in {0, 10000, ..., 90000} of (1 + i) & ~i.
        var expected: UInt32 = 0
        for i in stride(from: 0, to: 100_000, by: 10_000) { expected &+= (1 &+ UInt32(i)) & ~UInt32(i) }
        XCTAssertEqual(try s.model().eval(acc), UInt64(expected))
    }

    func testTermsOutliveTheirBuilders() throws {
        // Terms made inside a function and returned must stay valid after intermediate terms die.
        func build(_ ctx: Z3Context) -> BoolTerm {
            let parts = (0..<50).map { BoolTerm.variable("p\($0)", in: ctx) }
            return BoolTerm.and(parts, in: ctx) && BoolTerm.or(parts.map { !$0 }, in: ctx)
        }
        let ctx = Z3Context()
        let f = build(ctx)
        for _ in 0..<1_000 { _ = build(ctx) }
        let s = Solver(context: ctx)
        s.assert(f)
        XCTAssertEqual(try s.check(), .unsat)
    }

    func testManySolversAndModels() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 8, in: ctx)
        for i in 0..<500 {
            let s = Solver(context: ctx)
            s.push()
            s.assert(x.eq(.literal(UInt64(i % 256), width: 8, in: ctx)))
            XCTAssertEqual(try s.check(), .sat)
            let m = try s.model()
            XCTAssertEqual(try m.eval(x), UInt64(i % 256))
            XCTAssertEqual(try m.eval(x + x), UInt64((2 * i) % 256))
            s.pop()
        }
    }

    func testManyContexts() throws {
        for i in 0..<200 {
            let ctx = Z3Context()
            let v = IntTerm.variable("v", in: ctx)
            let s = Solver(context: ctx)
            s.assert(v.eq(.literal(Int64(i), in: ctx)))
            XCTAssertEqual(try s.check(), .sat)
            XCTAssertEqual(try s.model().eval(v), Int64(i))
        }
    }

    func testModelOutlivesItsSolver() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 16, in: ctx)
        var m: Model?
        do {
            let s = Solver(context: ctx)
            s.assert(x.eq(.literal(0xBEEF, width: 16, in: ctx)))
            XCTAssertEqual(try s.check(), .sat)
            m = try s.model()
        }
        XCTAssertEqual(try m?.eval(x), 0xBEEF)
    }

    func testRepeatedParsingAndDumping() throws {
        let ctx = Z3Context()
        for i in 0..<300 {
            let f = try ctx.parseSMTLIB2("(declare-const x (_ BitVec 8)) (assert (= x #x\(String(format: "%02x", i % 256))))")
            let s = Solver(context: ctx)
            s.assert(f)
            _ = try s.smtlib2()
            XCTAssertEqual(try s.check(), .sat)
        }
    }
}
