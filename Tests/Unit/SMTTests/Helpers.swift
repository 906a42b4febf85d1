import XCTest
@testable import SMT

/// Evaluates a ground (or model-completed) bit-vector term with a fresh solver.
func groundValue(_ t: BitVecTerm, file: StaticString = #filePath, line: UInt = #line) throws -> UInt64 {
    let s = Solver(context: t.term.context)
    XCTAssertEqual(try s.check(), .sat, file: file, line: line)
    return try s.model().eval(t)
}

/// Evaluates a ground Boolean term with a fresh solver.
func groundValue(_ t: BoolTerm, file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
    let s = Solver(context: t.term.context)
    XCTAssertEqual(try s.check(), .sat, file: file, line: line)
    return try s.model().eval(t)
}

/// True when `f` holds for every value of its free constants (its negation is unsat).
func isValid(_ f: BoolTerm) throws -> Bool {
    let s = Solver(context: f.term.context)
    s.assert(!f)
    return try s.check() == .unsat
}

/// Asserts that `body` throws an `SMTError` and returns it.
@discardableResult
func assertThrowsSMTError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath,
                             line: UInt = #line) -> SMTError? {
    do {
        _ = try body()
        XCTFail("expected an SMTError, nothing was thrown", file: file, line: line)
        return nil
    } catch let e as SMTError {
        return e
    } catch {
        XCTFail("expected an SMTError, got \(type(of: error)): \(error)", file: file, line: line)
        return nil
    }
}
