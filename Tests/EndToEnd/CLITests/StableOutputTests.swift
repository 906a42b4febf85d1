import XCTest

/// Stdout is byte-identical across runs of the same command: timings and progress go to stderr.
final class StableOutputTests: XCTestCase {
    /// One command per verb and output format, each cheap enough to run three times.
    static let commands: [[String]] = [
        ["list"],
        ["show", "apic-access-zap", "--variant", "zap-read-lock"],
        ["check", "apic-access-zap", "--variant", "zap-read-lock-bump"],
        ["check", "apic-access-zap", "--variant", "zap-read-lock-bump", "--engine", "bmc", "--format", "json"],
        ["check", "tdp-shared-fault", "--variant", "plain-store", "--format", "itf"],
        ["check", "tdp-shared-fault", "--variant", "plain-store", "--format", "svg"],
        ["prove", "apic-access-zap", "--variant", "upstream", "--vcpus", "4"],
        ["prove", "seqlock", "--variant", "no-recheck"],
        ["query", "apic-access-zap", "--reach", "inhibit_done"],
        ["query", "apic-access-zap", "--coverage", "--format", "json"],
        ["explain", "tdp-shared-fault", "--variant", "upstream"],
        ["export", "apic-access-zap", "--format", "smt2", "--depth", "4"],
        ["export", "apic-access-zap", "--format", "promela"],
        ["sweep", "apic-access-zap", "--set", "zap_lock=read,write", "--vcpus", "1,2"],
    ]

    func testEveryVerbPrintsTheSameStdoutOnEveryRun() throws {
        for args in Self.commands {
            let first = try CLIRunner.run(args)
            XCTAssertFalse(first.stdout.isEmpty, "\(args): no output; stderr: \(first.stderr)")
            for _ in 0..<2 {
                let again = try CLIRunner.run(args)
                XCTAssertEqual(again.status, first.status, "\(args)")
                XCTAssertEqual(again.stdout, first.stdout, "\(args): stdout differs between runs")
            }
        }
    }

    /// prove's elapsed time is on stderr, not in its verdict line.
    func testProveTimingGoesToStderr() throws {
        let r = try CLIRunner.run(["prove", "apic-access-zap", "--variant", "upstream", "--vcpus", "2"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("PROVED: no execution violates the properties\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains(" s)"), r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("prove: proved in "), r.stderr)
    }
}
