import XCTest

/// `check`'s routes as a user sees them: the note that names the route on stderr, the verdict
/// on stdout, and `--no-symmetry`, which searches the program as given.
final class SymmetryCommandTests: XCTestCase {
    static let bump = ["check", "apic-access-zap", "--variant", "zap-read-lock-bump", "--vcpus", "8"]

    func testAViolationAtEightVCPUsComesFromOneVCPUAndSaysSo() throws {
        let r = try CLIRunner.run(Self.bump)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("VIOLATED (invariant) in 13 steps"), r.stdout)
        XCTAssertEqual(r.stderr, "note: auto: a violation in 13 steps with 1 vcpu, replayed with 8 vcpus; "
                       + "none is shorter (explicit search to 12 steps with 3 vcpus: a counterexample of at most "
                       + "12 steps needs no more)\n")
    }

    func testNoSymmetrySearchesTheProgramAsGivenAndFindsTheSameLength() throws {
        let r = try CLIRunner.run(["check", "apic-access-zap", "--variant", "zap-read-lock-bump", "--vcpus", "3",
                                   "--no-symmetry"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("VIOLATED (invariant) in 13 steps"), r.stdout)
        XCTAssertEqual(r.stderr, "")
    }

    func testAProofAnswersForAllExecutionsInTextAndJSON() throws {
        // Holding only up to depth 10, the bounded answer makes way for the proof.
        let base = ["check", "apic-access-zap", "--variant", "upstream", "--vcpus", "3", "--depth", "10"]
        let text = try CLIRunner.run(base)
        XCTAssertEqual(text.status, 0, text.stdout + text.stderr)
        XCTAssertEqual(text.stderr, "note: explicit search: holds up to depth 10 only; trying prove's invisible engine\n")
        XCTAssertTrue(text.stdout.contains("HOLDS: no execution violates the properties (proved for all executions "
                                           + "by prove's invisible engine"), text.stdout)
        let json = try CLIRunner.run(base + ["--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(report?["verdict"] as? String, "holds")
        XCTAssertEqual(report?["proof"] as? String, "invisible")
        XCTAssertEqual(report?["complete"] as? Bool, true)
        XCTAssertEqual(report?["engine"] as? String, "auto")
    }
}
