import ModelChecker
import ProtocolDSL
import XCTest

/// explain's table for an enumeration flag whose other values split.
final class ExplainOutputTests: XCTestCase {
    func flip(_ flag: String, _ from: String, _ to: String, breaks: Bool) throws -> FlagFlips.Flip {
        FlagFlips.Flip(flag: flag, from: from, to: to, verdict: breaks ? .breaks(try Self.someTrace()) : .holds(depth: 9, complete: true))
    }

    /// A one-step violation, to stand for a flip that breaks.
    static func someTrace() throws -> Trace {
        let m = ProtocolModel("one", summary: "one step breaks it") { _ in
            let bad = Global("bad", .bool)
            bad
            Process("p") { Step("break") { bad <- true } }
            Invariant("not_bad") { !bad }
        }
        let p = try m.instantiate(try m.configuration())
        guard case .violated(let ts) = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 4)) else {
            throw XCTSkip("the one-step model holds")
        }
        return ts[0]
    }

    func testASplitEnumerationFlagIsNotCalledNecessary() throws {
        let flips = [
            try flip("prefetch", "skip-in-progress", "always", breaks: false),
            try flip("prefetch", "skip-in-progress", "never", breaks: true),
            try flip("install", "cmpxchg", "store", breaks: true),
        ]
        let lines = ExplainOutput.table(title: "t", base: .holds(depth: 9, complete: true), flips: flips)
        XCTAssertTrue(lines.contains("  necessary (no other value keeps the property): install=cmpxchg"), "\(lines)")
        XCTAssertTrue(lines.contains("  prefetch: keeps the property with skip-in-progress (base), always; "
                                     + "breaks it with never"), "\(lines)")
        XCTAssertTrue(lines.contains("  does not matter alone: prefetch skip-in-progress->always"), "\(lines)")
    }
}
