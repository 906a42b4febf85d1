import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// The nesting limit of `--reach` expressions: a deeper one is a parse error, never a stack
/// overflow; one at the limit parses, types and is decided alike by both engines.
final class ReachNestingTests: XCTestCase {
    let limit = ReachExpressionParser.maxNesting

    func parse(_ text: String) throws -> Expr {
        let m = try ModelCatalog.model(named: "notifier-invalidate")
        return try ReachExpressionParser(program: try m.instantiate(try m.configuration())).parse(text)
    }

    func assertTooDeep(_ text: String, column: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(text), file: file, line: line) { error in
            let e = error as? ReachExpressionError
            XCTAssertEqual(e?.column, column, file: file, line: line)
            XCTAssertEqual(e?.message, "the expression nests deeper than \(limit) levels (operators, parentheses, "
                           + "indices)", file: file, line: line)
        }
    }

    func testDeepParenthesesAndPrefixOperatorsAreRefused() {
        assertTooDeep(String(repeating: "(", count: 20_000) + "true" + String(repeating: ")", count: 20_000),
                      column: limit + 1)
        assertTooDeep(String(repeating: "!", count: 50_000) + "true", column: limit + 1)
        assertTooDeep(String(repeating: "-", count: 50_000) + "1 == 1", column: limit + 1)
        assertTooDeep(String(repeating: "host_pfn[", count: 20_000) + "0" + String(repeating: "]", count: 20_000) + " == 1",
                      column: 9 * limit + 9)
    }

    func testALongChainOfOperatorsIsRefused() {
        // No parentheses, but a tree as deep as the chain is long.
        let chain = Array(repeating: "true", count: 100_000).joined(separator: " || ")
        assertTooDeep(chain, column: 4 + 8 * limit + 2)
        assertTooDeep(Array(repeating: "1", count: 100_000).joined(separator: " + ") + " == 1", column: 1 + 4 * limit + 2)
    }

    func testAnExpressionAtTheLimitIsDecidedAlikeByBothEngines() throws {
        let m = try ModelCatalog.model(named: "notifier-invalidate")
        let c = try m.configuration()
        let texts = [
            String(repeating: "!", count: limit - 2) + "(vcpu[0].pfn >= 2)",
            String(repeating: "(", count: limit - 1) + "vcpu[0].pfn >= 2" + String(repeating: ")", count: limit - 1),
            Array(repeating: "vcpu[0].pfn == 9", count: limit - 1).joined(separator: " || ") + " || vcpu[0].pfn >= 2",
        ]
        for text in texts {
            let (program, condition) = try m.instantiate(c, typing: try parse(text), as: "q")
            let q = ReachabilityQuery(program: program, condition: condition)
            for engine in [Engine.explicit, .bmc] {
                guard case .reachable(let t) = try q.run(engine: engine, maxDepth: 10).0 else {
                    return XCTFail("\(engine): \(text.prefix(40))")
                }
                XCTAssertEqual(t.steps.count, 7, "\(engine)")
            }
        }
    }

    func testAnUnknownBareNameComparedWithAnEnumerationListsItsCases() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let parser = ReachExpressionParser(program: try m.instantiate(try m.configuration()))
        for (text, column) in [("vcpu[0].result == bogus", 19), ("bogus != vcpu[0].result && true", 1)] {
            XCTAssertThrowsError(try parser.parse(text), text) { error in
                let e = error as? ReachExpressionError
                XCTAssertEqual(e?.column, column, text)
                XCTAssertEqual(e?.message, "'bogus' is not a case of pf_result (the type of vcpu[0].result); "
                               + "valid: none, fixed, emulate, retry", text)
            }
        }
        // Not next to an enumeration: still an unknown variable.
        XCTAssertThrowsError(try parser.parse("mmu_notifier_seq == bogus")) { error in
            XCTAssertTrue((error as? ReachExpressionError)?.message.hasPrefix("unknown variable 'bogus'") ?? false)
        }
    }
}
