import Foundation
import ModelChecker
import ProtocolDSL
import XCTest

/// How lassos are reported: the text swimlane's loop lines, SVG's loop steps, ITF's `loop`.
final class LassoReportTests: XCTestCase {
    func lasso(_ m: ProtocolModel, _ property: String) throws -> (Program, Lasso) {
        let p = try m.instantiate(try m.configuration())
        let r = try LivenessChecker(program: p).check().first { $0.property == property }
        guard case .violated(let l)? = r?.outcome else { throw XCTSkip("no lasso for \(property): \(String(describing: r))") }
        return (p, l)
    }

    func testAnEmptyLoopSaysTheExecutionStaysPut() throws {
        let (p, l) = try lasso(LivenessProtocols.terminatingWorker(), "flag_set")
        let lines = Swimlane().render(l.trace)
        XCTAssertEqual(lines.last, "---- no process can move: the execution stays in this state forever ----")
        XCTAssertFalse(lines.contains { $0.hasPrefix("---- loop:") }, "no loop steps, no loop start line")
        let doc = try ITFTrace(program: p, trace: l.trace).document()
        guard case .record(let fields) = doc, case .list(let states)? = fields["states"] else { return XCTFail("\(doc)") }
        XCTAssertEqual(states.count, 2, "the initial state and the terminated one")
        XCTAssertEqual(fields["loop"], .int(1), "the last state loops to itself")
    }

    func testLoopLinesFrameTheLoopStepsAndNoStepIsMarkedViolating() throws {
        let (_, l) = try lasso(LivenessProtocols.stuckHolder(), "released_often")
        let lines = Swimlane().render(l.trace)
        let start = try XCTUnwrap(lines.firstIndex(of: "---- loop: steps 2-2 repeat forever, from the state after step 1 ----"))
        XCTAssertTrue(lines[start - 2].hasPrefix("   1 | grab"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines[start + 1].hasPrefix("   2 | work"), lines.joined(separator: "\n"))
        XCTAssertEqual(lines.last, "---- back to the state after step 1: steps 2-2 again, forever ----")
        XCTAssertFalse(lines.contains { $0.hasPrefix("  !") })
        let svg = SVGSwimlane().render(l.trace)
        XCTAssertTrue(svg.contains("<g class=\"step\" data-step=\"1\""), svg)
        XCTAssertTrue(svg.contains("<g class=\"step loop\" data-step=\"2\""), svg)
        XCTAssertFalse(svg.contains("step violation"))
    }

    func testITFLeavesOutTheRepeatedStateAndPointsBackToIt() throws {
        let (p, l) = try lasso(LivenessProtocols.retryLoop(rounds: 0, .weak), "fault_completes")
        let doc = try ITFTrace(program: p, trace: l.trace).document()
        guard case .record(let fields) = doc, case .list(let states)? = fields["states"],
              case .record(let meta)? = fields["#meta"] else { return XCTFail("\(doc)") }
        XCTAssertEqual(states.count, l.stemLength + l.loopLength)
        XCTAssertEqual(fields["loop"], .int(Int64(l.stemLength)))
        let last = l.trace.steps[l.trace.steps.count - 1]
        XCTAssertEqual(meta["loop-step"], .record(["process": .string(last.instanceName), "label": .string(last.label)]))
    }
}
