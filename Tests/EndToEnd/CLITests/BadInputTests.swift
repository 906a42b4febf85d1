import Foundation
import XCTest

/// Bad input gets one clear line on stderr and exit status 2, never a trap.
final class BadInputTests: XCTestCase {
    /// Arguments, and a fragment the one line must contain.
    static let cases: [([String], String)] = [
        (["check", "no-such-model"], "unknown model 'no-such-model'; valid: apic-access-zap"),
        (["check", "apic-access-zap", "--variant", "nope"], "has no variant 'nope'; valid: upstream"),
        (["check", "apic-access-zap", "--set", "zap_lock=maybe"], "flag 'zap_lock' of 'apic-access-zap' cannot be 'maybe'; valid: read, write"),
        (["check", "apic-access-zap", "--set", "no_such_flag=true"], "has no flag or parameter 'no_such_flag'"),
        (["check", "apic-access-zap", "--set", "zap_lock"], "malformed --set 'zap_lock'"),
        (["check", "apic-access-zap", "--set", "=read"], "malformed --set '=read'"),
        (["check", "apic-access-zap", "--depth", "0"], "--depth must be in 1...1000"),
        (["check", "apic-access-zap", "--depth", "1000000"], "--depth must be in 1...1000"),
        (["check", "apic-access-zap", "--depth", "ten"], "depth"),
        (["check", "apic-access-zap", "--format", "yaml"], "The value 'yaml' is invalid for '--format <format>'. Please provide one of 'text', 'json', 'itf' or 'svg'."),
        (["check", "apic-access-zap", "--engine", "magic"], "The value 'magic' is invalid for '--engine <engine>'. Please provide one of 'bmc', 'explicit' or 'auto'."),
        (["check", "apic-access-zap", "--timeout", "0"], "--timeout must be a positive number"),
        (["check", "apic-access-zap", "--timeout", "-3"], "--timeout must be a positive number"),
        (["check", "apic-access-zap", "--vcpus", "0"], "parameter 'vcpus' of 'apic-access-zap' must be an integer in 1...16"),
        (["check", "apic-access-zap", "--vcpus", "99"], "must be an integer in 1...16, not '99'"),
        (["check", "apic-access-zap", "--max-counterexamples", "0"], "--max-counterexamples must be in 1...100"),
        (["check"], "model"),
        (["show", "nope"], "unknown model 'nope'"),
        (["show", "tdp-shared-fault", "--set", "install=xchg"], "cannot be 'xchg'; valid: cmpxchg, store"),
        (["frobnicate"], "frobnicate"),
        (["check", "apic-access-zap", "--no-such-option"], "no-such-option"),
    ]

    func testEachBadInputGivesOneClearLineAndExitTwo() throws {
        for (args, fragment) in Self.cases {
            try CLIRunner.assertUsageError(args, fragment)
        }
    }

    /// Every row of `BadInputTable`: exit 2, one line on stderr carrying the row's message, nothing on stdout.
    func testEveryVerbsBadInputGivesItsLineAndExitTwo() throws {
        let rows = BadInputTable.all
        let runs = ParallelJobs.map(rows.map(\.arguments)) { try CLIRunner.run($0) }
        for (row, r) in zip(rows, runs) {
            CLIRunner.assertUsageError(try r.get(), of: row.arguments, "mmuspec: " + row.line)
        }
    }

    /// What the user typed cannot make the line long or break it: a 5,000-character name is cut
    /// (its length is said), a newline or control character is escaped.
    func testOverlongAndControlCharactersStayOnOneShortLine() throws {
        let long = String(repeating: "a", count: 5000)
        for args in [["check", long], ["check", "apic-access-zap", "--variant", long],
                     ["prove", "apic-access-zap", "--set", long + "=1"], ["export", long, "--format", "smt2"]] {
            let r = try CLIRunner.run(args)
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertLessThan(r.stderr.utf8.count, 400, "the line must be cut: \(r.stderr.utf8.count) bytes")
            XCTAssertTrue(r.stderr.contains("(5000 characters)") || r.stderr.contains("(500"), r.stderr)
        }
        try CLIRunner.assertUsageError(["check", "apic-access-zap", "--variant", "up\nstream"],
                                       "has no variant 'up\\nstream'")
        try CLIRunner.assertUsageError(["check", "apic-access-zap", "--variant", "up\u{1}stream"],
                                       "has no variant 'up\\u{1}stream'")
    }

    func testVersionPrintsTheReleaseAndZ3() throws {
        let r = try CLIRunner.run(["--version"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("mmuspec 0."), r.stdout)
        XCTAssertTrue(r.stdout.contains("(Z3 4."), r.stdout)
    }

    func testHelpIsNotAnError() throws {
        let r = try CLIRunner.run(["check", "--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("mmuspec check apic-access-zap --variant zap-read-lock-bump"))
    }
}

/// emit-tests refuses a model without a real implementation to replay against.
final class EmitTestsBadInputTests: XCTestCase {
    func testEmitTestsForTheTutorialModelIsBadInput() throws {
        let r = try CLIRunner.run(["emit-tests", "seqlock", "--out", NSTemporaryDirectory() + "mmuspec-emit-none"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("model 'seqlock' has no replay target in the catalog"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1)
    }
}
