import XCTest
@testable import ProtocolDSL

/// Builds and elaborates a model with the default configuration.
func instantiate(_ name: String = "test", flags: [FlagDecl] = [], parameters: [ParameterDecl] = [],
                 @ProtocolBuilder _ body: @escaping @Sendable (ModelContext) -> [ProtocolItem]) throws -> Program {
    let m = ProtocolModel(name, summary: "unit test model", flags: flags, parameters: parameters, body: body)
    return try m.instantiate(try m.configuration())
}

/// Asserts that `body` throws a `ModelError` of `kind` whose message contains every string of `mentions`
/// and whose location is `location` (nil: no location); returns the error.
@discardableResult
func assertModelError(_ kind: ModelError.Kind, mentions: [String], at location: SourceLocation?,
                      file: StaticString = #filePath, line: UInt = #line,
                      _ body: () throws -> Any) -> ModelError? {
    do {
        let r = try body()
        XCTFail("expected a ModelError (\(kind.rawValue)), got \(r)", file: file, line: line)
        return nil
    } catch let e as ModelError {
        XCTAssertEqual(e.kind, kind, "\(e)", file: file, line: line)
        for m in mentions {
            XCTAssertTrue(e.message.contains(m), "message does not mention \(m): \(e.message)", file: file, line: line)
        }
        XCTAssertEqual(e.location, location, "\(e)", file: file, line: line)
        return e
    } catch {
        XCTFail("expected a ModelError, got \(error)", file: file, line: line)
        return nil
    }
}

/// The statements of step `step` of kind `kind`.
func body(_ p: Program, kind: Int = 0, step: Int = 0) -> [TStmt] { p.kinds[kind].steps[step].body }

/// The value assigned by the `n`-th statement of a step, which must be an assignment.
func assignedValue(_ p: Program, kind: Int = 0, step: Int = 0, _ n: Int = 0,
                   file: StaticString = #filePath, line: UInt = #line) -> TExpr? {
    guard case .assign(_, let v)? = body(p, kind: kind, step: step).dropFirst(n).first else {
        XCTFail("statement \(n) is not an assignment", file: file, line: line)
        return nil
    }
    return v
}

/// The condition of the `n`-th statement of a step, which must be an assertion.
func assertedCondition(_ p: Program, kind: Int = 0, step: Int = 0, _ n: Int = 0,
                       file: StaticString = #filePath, line: UInt = #line) -> TExpr? {
    guard case .assert(let c, _)? = body(p, kind: kind, step: step).dropFirst(n).first else {
        XCTFail("statement \(n) is not an assertion", file: file, line: line)
        return nil
    }
    return c
}

/// A small evaluator of the typed IR's integer expressions over global values (bit patterns),
/// following the IR's contract: every conversion is explicit, operands have the `operand` type.
func evaluate(_ e: TExpr, globals g: [UInt64]) -> UInt64 {
    func signed(_ v: UInt64, _ t: ValueType) -> Int64 {
        if case .int(let w, true) = t { return signExtend(v, from: w) }
        return Int64(bitPattern: v)
    }
    switch e {
    case .const(let v, let t): return t.normalize(v)
    case .global(let i, let t): return t.normalize(g[i])
    case .convert(let a, let t):
        let v = evaluate(a, globals: g)
        guard case .int(let w, let s) = a.type else { return t.normalize(v) }
        return t.normalize(s ? UInt64(bitPattern: signExtend(v, from: w)) : v)
    case .unary(let op, let a, let t):
        let v = evaluate(a, globals: g)
        switch op {
        case .not: return v == 0 ? 1 : 0
        case .complement: return t.normalize(~v)
        case .negate: return t.normalize(0 &- v)
        }
    case .binary(let op, let a, let b, let ot, let rt):
        let x = evaluate(a, globals: g), y = evaluate(b, globals: g)
        let isSigned: Bool = { if case .int(_, true) = ot { return true }; return false }()
        func cmp(_ f: (Int64, Int64) -> Bool, _ u: (UInt64, UInt64) -> Bool) -> UInt64 {
            (isSigned ? f(signed(x, ot), signed(y, ot)) : u(x, y)) ? 1 : 0
        }
        switch op {
        case .add: return rt.normalize(x &+ y)
        case .sub: return rt.normalize(x &- y)
        case .mul: return rt.normalize(x &* y)
        case .bitAnd: return x & y
        case .bitOr: return x | y
        case .bitXor: return x ^ y
        case .eq: return x == y ? 1 : 0
        case .ne: return x != y ? 1 : 0
        case .lt: return cmp(<, <)
        case .le: return cmp(<=, <=)
        case .gt: return cmp(>, >)
        case .ge: return cmp(>=, >=)
        case .and: return (x != 0 && y != 0) ? 1 : 0
        case .or: return (x != 0 || y != 0) ? 1 : 0
        case .implies: return (x == 0 || y != 0) ? 1 : 0
        case .shl, .shr:
            XCTFail("shifts are not needed by these tests")
            return 0
        }
    case .ite(let c, let a, let b, _):
        return evaluate(c, globals: g) != 0 ? evaluate(a, globals: g) : evaluate(b, globals: g)
    default:
        XCTFail("the test evaluator does not read \(e)")
        return 0
    }
}
