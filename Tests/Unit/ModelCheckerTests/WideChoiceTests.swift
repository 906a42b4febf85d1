import ModelChecker
import ProtocolDSL
import XCTest

/// Data choices too wide to enumerate (issue 10, item 1): the explicit engines count the
/// initial states and each step's outcomes before enumerating them; `auto` then takes the
/// symbolic route and a forced explicit engine says unknown, naming the choice.
final class WideChoiceTests: XCTestCase {
    let ticket = WideChoiceProtocols.ticketLock()

    func testCountingTheChoicesOfTheWholeInt64RangeDoesNotOverflow() throws {
        let wide = WideChoiceProtocols.ticketLock(type: .u64, range: 0...Int64.max)
        let interp = Interpreter(layout: StateLayout(try WideChoiceProtocols.program(wide, "correct")))
        XCTAssertNil(interp.initialStateCount, "2^63 initial states do not fit in an Int")
        let why = try XCTUnwrap(interp.enumerationObstacle(capacity: 1_000_000))
        XCTAssertTrue(why.contains("more than 9223372036854775807 initial states"), why)
        XCTAssertTrue(why.contains("start ranges over 0...9223372036854775807"), why)
        let u32 = Interpreter(layout: StateLayout(try WideChoiceProtocols.program(ticket, "correct")))
        XCTAssertEqual(u32.initialStateCount, 4_294_967_296)
        XCTAssertNil(u32.enumerationObstacle(capacity: 4_294_967_296))
    }

    func testAutoCheckHandsOverToBMCAndFindsTheWraparound() throws {
        let heard = Heard()
        let options = CheckOptions(maxDepth: 20, notice: { heard.append($0) })
        let (outcome, engine) = try Engine.auto.check(try WideChoiceProtocols.program(ticket, "wraps"), options)
        XCTAssertEqual(engine, .bmc)
        guard case .violated(let traces) = outcome else { return XCTFail("expected the wraparound, got \(outcome)") }
        // At 5 steps: both threads inside, or the waiter with the top ticket stuck behind the wrapped owner.
        XCTAssertEqual(traces[0].steps.count, 5)
        XCTAssertEqual(traces[0].dataChoices.first { $0.0 == "start" }?.1, "4294967295")
        XCTAssertEqual(heard.lines.count, 1)
        XCTAssertTrue(heard.lines[0].contains("4294967296 initial states") && heard.lines[0].hasSuffix("bmc takes over"),
                      heard.lines[0])
        // The trace replays state by state (ITF and SVG exports) without enumerating the choices.
        XCTAssertEqual(try TraceStates(program: try WideChoiceProtocols.program(ticket, "wraps"), trace: traces[0])
            .states.count, 6)
    }

    func testAutoCheckOfTheCorrectLockIsCompleteOnTheWholeInt64Range() throws {
        let wide = WideChoiceProtocols.ticketLock(type: .u64, range: 0...Int64.max)
        let (outcome, engine) = try Engine.auto.check(try WideChoiceProtocols.program(wide, "correct"),
                                                      CheckOptions(maxDepth: 20))
        XCTAssertEqual(engine, .bmc)
        XCTAssertEqual(outcome, .holds(depth: 7, complete: true))
    }

    func testForcedExplicitSaysUnknownAndNamesTheChoice() throws {
        let (outcome, engine) = try Engine.explicit.check(try WideChoiceProtocols.program(ticket, "wraps"),
                                                          CheckOptions(maxDepth: 20))
        XCTAssertEqual(engine, .explicit)
        guard case .unknown(let reason, 0) = outcome else { return XCTFail("expected unknown, got \(outcome)") }
        XCTAssertTrue(reason.hasPrefix("the initial data choices give 4294967296 initial states (start ranges over "
                                       + "0...4294967295)"), reason)
    }

    func testAWideChooseInAStepIsCountedBeforeItIsEnumerated() throws {
        let picking = WideChoiceProtocols.ticketLock(pickStart: true)
        let program = try WideChoiceProtocols.program(picking, "wraps")
        let (forced, _) = try Engine.explicit.check(program, CheckOptions(maxDepth: 20))
        guard case .unknown(let reason, _) = forced else { return XCTFail("expected unknown, got \(forced)") }
        XCTAssertTrue(reason.hasPrefix("step boot@boot chooses among 4294967296 values"), reason)
        let (outcome, engine) = try Engine.auto.check(program, CheckOptions(maxDepth: 20))
        XCTAssertEqual(engine, .bmc)
        guard case .violated(let traces) = outcome else { return XCTFail("expected the wraparound, got \(outcome)") }
        XCTAssertEqual(traces[0].steps.count, 5)
        XCTAssertEqual(try TraceStates(program: program, trace: traces[0]).states.count, 6)
    }

    func testProveSkipsTheInvisibleEngineAndSpacerDecides() throws {
        let prover = try Prover(model: ticket, configuration: try ticket.configuration(preset: "correct"))
        guard case .unknown(let why) = try prover.prove(engine: .invisible) else {
            return XCTFail("the invisible engine cannot enumerate 2^32 initial states")
        }
        XCTAssertTrue(why.hasPrefix("the initial data choices give 4294967296 initial states"), why)
        guard case .proved(let cert) = try prover.prove(engine: .auto, timeout: 120) else {
            return XCTFail("auto should fall through to spacer and prove the correct lock")
        }
        XCTAssertEqual(cert.engine, .spacer)
        let broken = try Prover(model: ticket, configuration: try ticket.configuration(preset: "wraps"))
        guard case .violated = try broken.prove(engine: .auto, timeout: 120) else {
            return XCTFail("auto should find the wraparound")
        }
    }

    func testQueryReachesAWrappedTicketInsideOnlyThroughTheWraparound() throws {
        // thread[1] holds the wrapped ticket 0 inside while thread[0] still waits with the top one.
        let text = "thread[1]@unlock && thread[1].ticket == 0 && thread[0]@wait && thread[0].ticket == 4294967295"
        for (preset, reachable) in [("wraps", true), ("correct", false)] {
            let config = try ticket.configuration(preset: preset)
            let expr = try ReachExpressionParser(program: try ticket.instantiate(config)).parse(text)
            let (program, condition) = try ticket.instantiate(config, typing: expr, as: "the expression")
            let (answer, engine) = try ReachabilityQuery(program: program, condition: condition)
                .run(engine: .auto, maxDepth: 20)
            XCTAssertEqual(engine, .bmc, preset)
            if reachable {
                guard case .reachable(let t) = answer else { return XCTFail("expected reachable, got \(answer)") }
                XCTAssertEqual(t.steps.count, 4)
            } else {
                XCTAssertEqual(answer, .unreachable(depth: 7, complete: true), preset)
            }
        }
    }

    func testExplainFindsTheNecessaryComparisonWithBMC() throws {
        let flips = try FlagFlips(model: ticket, preset: "correct", overrides: []).flips(engine: .auto, maxDepth: 20)
        XCTAssertEqual(flips.map { "\($0.flag)=\($0.to)" }, ["wait=ge"])
        guard case .breaks(let t) = flips[0].verdict else { return XCTFail("\(flips[0].verdict)") }
        XCTAssertEqual(t.steps.count, 5)
    }
}

/// Collects notices from a `NoticeHandler` (which is `@Sendable`).
final class Heard: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    var lines: [String] { lock.withLock { collected } }
    func append(_ line: String) { lock.withLock { collected.append(line) } }
}

/// Without a memory budget, the explicit search still refuses what cannot fit in the machine.
final class WideChoiceWithoutBudgetTests: XCTestCase {
    func testNoBudgetStillMeansNoAllocationBeyondPhysicalMemory() throws {
        let program = try WideChoiceProtocols.program(WideChoiceProtocols.ticketLock(), "correct")
        let (outcome, _) = try Engine.explicit.check(program, CheckOptions(maxDepth: 20, memoryLimit: nil))
        guard case .unknown(let reason, 0) = outcome else { return XCTFail("expected unknown, got \(outcome)") }
        XCTAssertTrue(reason.hasPrefix("the initial data choices give 4294967296 initial states"), reason)
    }
}
