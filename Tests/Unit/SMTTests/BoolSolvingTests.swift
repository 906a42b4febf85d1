import XCTest
@testable import SMT

final class BoolSolvingTests: XCTestCase {
    func testEmptySolverIsSat() throws {
        let ctx = Z3Context()
        XCTAssertEqual(try Solver(context: ctx).check(), .sat)
    }

    func testContradictionIsUnsat() throws {
        let ctx = Z3Context()
        let p = BoolTerm.variable("p", in: ctx)
        let s = Solver(context: ctx)
        s.assert(p)
        s.assert(!p)
        XCTAssertEqual(try s.check(), .unsat)
    }

    func testFalseLiteralIsUnsatAndTrueIsSat() throws {
        let ctx = Z3Context()
        let s = Solver(context: ctx)
        s.assert(.literal(true, in: ctx))
        XCTAssertEqual(try s.check(), .sat)
        s.assert(.literal(false, in: ctx))
        XCTAssertEqual(try s.check(), .unsat)
    }

    func testConnectivesHaveTheirTruthTables() throws {
        let ctx = Z3Context()
        let t = BoolTerm.literal(true, in: ctx), f = BoolTerm.literal(false, in: ctx)
        XCTAssertTrue(try groundValue(t && t))
        XCTAssertFalse(try groundValue(t && f))
        XCTAssertTrue(try groundValue(f || t))
        XCTAssertFalse(try groundValue(f || f))
        XCTAssertTrue(try groundValue(f.implies(f)))
        XCTAssertFalse(try groundValue(t.implies(f)))
        XCTAssertTrue(try groundValue(f.iff(f)))
        XCTAssertFalse(try groundValue(t.iff(f)))
        XCTAssertTrue(try groundValue(t.ite(t, f)))
        XCTAssertFalse(try groundValue(f.ite(t, f)))
        XCTAssertTrue(try groundValue(BoolTerm.and([], in: ctx)))
        XCTAssertFalse(try groundValue(BoolTerm.or([], in: ctx)))
        XCTAssertFalse(try groundValue(BoolTerm.and([t, t, f], in: ctx)))
        XCTAssertTrue(try groundValue(BoolTerm.or([f, f, t], in: ctx)))
    }

    func testDeMorganIsValidAndItsMistakeIsNot() throws {
        let ctx = Z3Context()
        let p = BoolTerm.variable("p", in: ctx), q = BoolTerm.variable("q", in: ctx)
        XCTAssertTrue(try isValid((!(p && q)).iff(!p || !q)))
        XCTAssertFalse(try isValid((!(p && q)).iff(!p && !q)))
    }

    func testModelSatisfiesAssertions() throws {
        let ctx = Z3Context()
        let p = BoolTerm.variable("p", in: ctx), q = BoolTerm.variable("q", in: ctx)
        let s = Solver(context: ctx)
        s.assert(p || q)
        s.assert(!p)
        XCTAssertEqual(try s.check(), .sat)
        let m = try s.model()
        XCTAssertFalse(try m.eval(p))
        XCTAssertTrue(try m.eval(q))
    }

    func testAssumptionsHoldForOneCheckOnly() throws {
        let ctx = Z3Context()
        let p = BoolTerm.variable("p", in: ctx)
        let s = Solver(context: ctx)
        s.assert(p)
        XCTAssertEqual(try s.check(assuming: [!p]), .unsat)
        XCTAssertEqual(try s.check(), .sat, "the assumption must not stay asserted")
        XCTAssertEqual(try s.check(assuming: [p]), .sat)
        XCTAssertTrue(try s.model().eval(p))
    }

    func testSeveralAssumptionsAreConjoined() throws {
        let ctx = Z3Context()
        let a = BoolTerm.variable("a", in: ctx), b = BoolTerm.variable("b", in: ctx)
        let s = Solver(context: ctx)
        s.assert(!(a && b))
        XCTAssertEqual(try s.check(assuming: [a]), .sat)
        XCTAssertEqual(try s.check(assuming: [b]), .sat)
        XCTAssertEqual(try s.check(assuming: [a, b]), .unsat)
    }

    func testPopRestoresTheAssertionsBeforePush() throws {
        let ctx = Z3Context()
        let p = BoolTerm.variable("p", in: ctx)
        let s = Solver(context: ctx)
        s.assert(p)
        XCTAssertEqual(s.scopes, 0)
        s.push()
        XCTAssertEqual(s.scopes, 1)
        s.assert(!p)
        XCTAssertEqual(try s.check(), .unsat)
        s.pop()
        XCTAssertEqual(s.scopes, 0)
        XCTAssertEqual(try s.check(), .sat)
        XCTAssertTrue(try s.model().eval(p), "the assertion made before push must survive the pop")
    }

    func testNestedScopesPopSeveralAtOnce() throws {
        let ctx = Z3Context()
        let x = BitVecTerm.variable("x", width: 8, in: ctx)
        let s = Solver(context: ctx)
        s.assert(x.ult(.literal(10, width: 8, in: ctx)))
        s.push()
        s.assert(x.eq(.literal(3, width: 8, in: ctx)))
        s.push()
        s.assert(x.eq(.literal(4, width: 8, in: ctx)))
        XCTAssertEqual(s.scopes, 2)
        XCTAssertEqual(try s.check(), .unsat)
        s.pop()
        XCTAssertEqual(try s.check(), .sat)
        XCTAssertEqual(try s.model().eval(x), 3)
        s.push()
        s.assert(x.eq(.literal(5, width: 8, in: ctx)))
        s.pop(2)
        XCTAssertEqual(s.scopes, 0)
        s.assert(x.eq(.literal(9, width: 8, in: ctx)))
        XCTAssertEqual(try s.check(), .sat)
        XCTAssertEqual(try s.model().eval(x), 9)
    }

    func testModelBeforeAnySatCheckThrows() throws {
        let ctx = Z3Context()
        let s = Solver(context: ctx)
        assertThrowsSMTError(try s.model())
        s.assert(.literal(false, in: ctx))
        XCTAssertEqual(try s.check(), .unsat)
        let e = assertThrowsSMTError(try s.model())
        XCTAssertEqual(e?.code, "mmuspec")
    }

    func testBoolTermsPrintAsSMTLIB() throws {
        let ctx = Z3Context()
        let p = BoolTerm.variable("p", in: ctx), q = BoolTerm.variable("q", in: ctx)
        XCTAssertEqual((p && !q).smtlib, "(and p (not q))")
    }
}
