import Foundation
import XCTest

/// `--timeout` and `--memory-limit` end to end: running out of either is unknown (exit 3) with
/// the reason on stdout, or, under `auto`, a handover to BMC noted on stderr.
final class LimitsCommandTests: XCTestCase {
    static let big = ["notifier-invalidate", "--variant", "upstream", "--vcpus", "16", "--invalidators", "8"]
    static let two = ["notifier-invalidate", "--variant", "upstream", "--vcpus", "2"]

    func testForcedExplicitCheckStopsAtTheTimeoutInsideALayer() throws {
        let start = Date()
        let r = try CLIRunner.run(["check"] + Self.big + ["--engine", "explicit", "--timeout", "2"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("UNKNOWN") && r.stdout.contains("(timeout)"), r.stdout)
        XCTAssertLessThan(Date().timeIntervalSince(start), 15, "sanity bound; the figures are Benchmarks/limits.sh's")
    }

    func testForcedExplicitCheckStopsAtTheMemoryBudget() throws {
        let r = try CLIRunner.run(["check"] + Self.two + ["--engine", "explicit", "--memory-limit", "1"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("out of memory budget (1 MB) after "), r.stdout)
    }

    func testAutoCheckHandsOverToBMCAtTheMemoryBudgetAndSaysSo() throws {
        let r = try CLIRunner.run(["check"] + Self.two + ["--memory-limit", "1", "--depth", "4"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("engine: bmc"), r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("note: explicit search: out of memory budget (1 MB) after "), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("bmc takes over\n"), r.stderr)
    }

    func testInvisibleProverStopsAtTheMemoryBudget() throws {
        let r = try CLIRunner.run(["prove"] + Self.two + ["--engine", "invisible", "--memory-limit", "1"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("UNKNOWN: out of memory budget (1 MB) after "), r.stdout)
    }

    func testQueryAndExplainTakeTheLimits() throws {
        let q = try CLIRunner.run(["query"] + Self.two + ["--reach", "spte_pfn == 7", "--engine", "explicit",
                                                         "--memory-limit", "1"])
        XCTAssertEqual(q.status, 3, q.stdout + q.stderr)
        XCTAssertTrue(q.stdout.contains("out of memory budget (1 MB)"), q.stdout)
        let e = try CLIRunner.run(["explain"] + Self.big + ["--engine", "explicit", "--timeout", "1"])
        XCTAssertEqual(e.status, 3, e.stdout + e.stderr)
        XCTAssertTrue(e.stderr.contains("gave up at depth") && e.stderr.contains("(timeout)"), e.stderr)
    }

    func testAViolationWhoseShortestCounterexampleDoesNotFitTheTimeLeftIsStillReported() throws {
        // invisible finds the violation with 2 vCPUs; the shortest one at 8 vCPUs gets only the time left.
        let r = try CLIRunner.run(["prove", "notifier-invalidate", "--variant", "range-overwrite", "--vcpus", "8",
                                   "--timeout", "10"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("VIOLATED"), r.stdout)
    }

    func testBadLimitsAreUsageErrors() throws {
        for bad in ["0", "-5", "abc", "2000000"] {
            try CLIRunner.assertUsageError(["check", "apic-access-zap", "--memory-limit", bad], "--memory-limit")
        }
        try CLIRunner.assertUsageError(["prove", "apic-access-zap", "--timeout", "-1"], "--timeout")
        try CLIRunner.assertUsageError(["explain", "apic-access-zap", "--timeout", "0"], "--timeout")
    }
}
