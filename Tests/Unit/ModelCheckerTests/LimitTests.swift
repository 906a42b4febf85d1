import Foundation
@testable import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// Every engine answers unknown, with the reason, when its time or memory budget runs out
/// (issue 10, item 4). Wall-clock bounds here are generous sanity bounds; the measured
/// figures are `Benchmarks/limits.sh`'s.
final class LimitTests: XCTestCase {
    func notifier(_ overrides: [(String, String)]) throws -> Program {
        let m = try ModelCatalog.model(named: "notifier-invalidate")
        return try m.instantiate(try m.configuration(preset: "upstream", overrides: overrides))
    }

    func prover(_ overrides: [(String, String)]) throws -> Prover {
        let m = try ModelCatalog.model(named: "notifier-invalidate")
        return try Prover(model: m, configuration: try m.configuration(preset: "upstream", overrides: overrides))
    }

    /// 1 MB: less than any process's resident size, so the budget is exhausted at the first reading.
    let tiny = MemoryBudget(megabytes: 1)

    func testExplicitReadsTheDeadlineInsideALayer() throws {
        // 16 vCPUs and 8 invalidators: the fourth layer alone takes far longer than 3 s.
        let program = try notifier([("vcpus", "16"), ("invalidators", "8")])
        let start = Date()
        let (outcome, _) = try Engine.explicit.check(program, CheckOptions(maxDepth: 60, timeout: 3))
        guard case .unknown(let reason, _) = outcome else { return XCTFail("expected unknown, got \(outcome)") }
        XCTAssertEqual(reason, "timeout")
        XCTAssertLessThan(Date().timeIntervalSince(start), 15, "the deadline is read every few thousand states")
    }

    func testExplicitStopsAtTheMemoryBudget() throws {
        let options = CheckOptions(maxDepth: 60, memoryLimit: tiny)
        let (outcome, engine) = try Engine.explicit.check(try notifier([("vcpus", "2")]), options)
        XCTAssertEqual(engine, .explicit)
        guard case .unknown(let reason, _) = outcome else { return XCTFail("expected unknown, got \(outcome)") }
        XCTAssertTrue(reason.hasPrefix("out of memory budget (1 MB) after "), reason)
    }

    func testAutoHandsOverToBMCWhenTheMemoryBudgetRunsOut() throws {
        let heard = Heard()
        let options = CheckOptions(maxDepth: 4, memoryLimit: tiny, notice: { heard.append($0) })
        let (outcome, engine) = try Engine.auto.check(try notifier([("vcpus", "2")]), options)
        XCTAssertEqual(engine, .bmc)
        XCTAssertEqual(outcome, .holds(depth: 4, complete: false))
        XCTAssertEqual(heard.lines.count, 1)
        XCTAssertTrue(heard.lines[0].hasPrefix("explicit search: out of memory budget (1 MB) after "), heard.lines[0])
    }

    func testStateCountingStopsAtTheMemoryBudget() throws {
        XCTAssertThrowsError(try ExplicitChecker(program: try notifier([("vcpus", "2")])).countStates(memoryLimit: tiny)) {
            XCTAssertTrue("\($0)".contains("out of memory budget (1 MB)"), "\($0)")
        }
        // Within the default budget, the count agrees with the prover's reachable set.
        let small = try notifier([("invalidators", "1")])
        guard case .complete(let states) = ReachableStates(program: small).explore(stateLimit: 10_000, deadline: nil) else {
            return XCTFail("upstream holds with 1 invalidator")
        }
        XCTAssertEqual(try ExplicitChecker(program: small).countStates(), states.count)
    }

    func testInvisibleProverStopsAtTheMemoryBudget() throws {
        guard case .unknown(let why) = try prover([("vcpus", "4")]).prove(engine: .invisible, memoryLimit: tiny) else {
            return XCTFail("expected unknown")
        }
        XCTAssertTrue(why.hasPrefix("out of memory budget (1 MB) after "), why)
        XCTAssertTrue(why.hasSuffix("while exploring the instance with 2 vcpus, 2 invalidators"), why)
    }

    func testEveryProofEngineGivesUpAtATinyTimeout() throws {
        let p = try prover([("vcpus", "8")])
        for engine in ProofEngine.allCases {
            let start = Date()
            guard case .unknown(let why) = try p.prove(engine: engine, timeout: 0.5) else {
                XCTFail("\(engine): expected unknown"); continue
            }
            XCTAssertTrue(why.contains("timeout"), "\(engine): \(why)")
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "\(engine)")
        }
    }

    func testFlipsShareOneDeadline() throws {
        let m = try ModelCatalog.model(named: "notifier-invalidate")
        let flips = try FlagFlips(model: m, preset: "upstream", overrides: [("vcpus", "16"), ("invalidators", "8")])
            .flips(engine: .explicit, maxDepth: 60, timeout: 1)
        XCTAssertEqual(flips.count, 7, "fault_lock=write, retry=forever and the five Boolean flags")
        for f in flips { XCTAssertEqual(f.verdict, .unknown(reason: "timeout"), "\(f.flag)=\(f.to)") }
    }
}
