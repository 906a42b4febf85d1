import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// The query expression parser, typing against a program, and reachability through the engines.
final class QueryExpressionTests: XCTestCase {
    func model() throws -> (ProtocolModel, Configuration) {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        return (m, try m.configuration(preset: "zap-read-lock"))
    }

    func parse(_ text: String) throws -> Expr {
        let (m, c) = try model()
        return try ReachExpressionParser(program: try m.instantiate(c)).parse(text)
    }

    func testPrecedenceAndLocationsRenderAsTheDSLWritesThem() throws {
        XCTAssertEqual(try parse("vcpu[0]@fault.map && inhibit[0]@done || !apicv_active").rendered,
                       "(vcpu[0]@fault.map && inhibit[0]@done) || !apicv_active")
        XCTAssertEqual(try parse("mmu_notifier_seq + 1 - 2 == vcpu[0].mmu_seq").rendered,
                       "((mmu_notifier_seq + 1) - 2) == vcpu[0].mmu_seq")
        XCTAssertEqual(try parse("vcpu[0].result == retry").rendered, "vcpu[0].result == \"retry\"")
        XCTAssertEqual(try parse("vcpu.mmu_seq < 2").rendered, "vcpu[0].mmu_seq < 2")
    }

    func testErrorsCarryTheColumn() throws {
        let cases: [(String, Int, String)] = [
            ("vcpu[0]@", 9, "expected a label"), ("(inhibit_done", 14, "expected ')'"),
            ("x == 1", 1, "unknown variable 'x'"), ("vcpu[2]@done", 6, "unknown instance vcpu[2]"),
            ("inhibit@zap.nope", 9, "unknown label 'zap.nope'"), ("vcpu[0]", 8, "expected '@label' or '.local'"),
        ]
        for (text, column, fragment) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                let e = error as? ReachExpressionError
                XCTAssertEqual(e?.column, column, text)
                XCTAssertTrue(e?.message.contains(fragment) ?? false, "\(text): \(String(describing: e))")
            }
        }
    }

    func testTypingRejectsNonBooleansAndMixedTypes() throws {
        let (m, c) = try model()
        for text in ["mmu_notifier_seq", "mmu_notifier_seq && true", "apicv_active == 1"] {
            XCTAssertThrowsError(try m.instantiate(c, typing: try parse(text), as: "q"), text) { error in
                XCTAssertEqual((error as? ModelError)?.kind, .typeMismatch, text)
            }
        }
    }

    func testReachabilityWitnessEndsWhereTheConditionHoldsOnBothEngines() throws {
        let (m, c) = try model()
        let (program, condition) = try m.instantiate(c, typing: try parse("vcpu[0]@fault.map && inhibit[0]@done"),
                                                     as: "q")
        let query = ReachabilityQuery(program: program, condition: condition)
        var lengths: [Int] = []
        for engine in [Engine.explicit, .bmc] {
            let (answer, used) = try query.run(engine: engine, maxDepth: 30)
            XCTAssertEqual(used, engine)
            guard case .reachable(let t) = answer else { return XCTFail("\(engine): \(answer)") }
            XCTAssertEqual(t.steps.last?.label, "inhibit.done")
            XCTAssertEqual(t.violation?.name, ReachabilityQuery.invariantName)
            lengths.append(t.steps.count)
        }
        XCTAssertEqual(lengths, [9, 9])
    }

    func testUnreachableUpstreamIsCompleteOnBothEngines() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let c = try m.configuration(preset: "upstream")
        let names = try m.instantiate(c)
        let expr = try ReachExpressionParser(program: names).parse("vcpu[0]@fault.map && inhibit[0]@done")
        let (program, condition) = try m.instantiate(c, typing: expr, as: "q")
        for engine in [Engine.explicit, .bmc] {
            let (answer, _) = try ReachabilityQuery(program: program, condition: condition).run(engine: engine, maxDepth: 60)
            XCTAssertEqual(answer, .unreachable(depth: 15, complete: true), "\(engine)")
        }
    }

    func testCoverageOfUpstreamReachesEveryLabel() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let program = try m.instantiate(try m.configuration(preset: "upstream"))
        let entries = try LabelCoverage(program: program).run(engine: .explicit, maxDepth: 60)
        XCTAssertEqual(entries.count, program.kinds.map { $0.steps.count + 1 }.reduce(0, +))
        XCTAssertTrue(entries.allSatisfy { $0.firstDepth != nil }, "\(entries)")
        XCTAssertEqual(entries.first { $0.label == "inhibit.done" }?.firstDepth, 7)
        XCTAssertEqual(entries.first { $0.label == "fault.snapshot_seq" }?.firstDepth, 0)
    }
}
