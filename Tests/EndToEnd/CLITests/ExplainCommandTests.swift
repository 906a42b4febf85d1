import XCTest

/// `explain` names what it was given and prints every half of `--per` it can.
final class ExplainCommandTests: XCTestCase {
    /// tdp-shared-fault upstream with install=store is plain-store, which is violated: the
    /// cmpxchg half is still explained, and the store half says its base is broken.
    func testPerPrintsTheHalvesThatHoldAndNamesTheBrokenBase() throws {
        let r = try CLIRunner.run(["explain", "tdp-shared-fault", "--variant", "upstream", "--per", "install"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("flips of upstream with install=cmpxchg, one flag at a time:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("fault_lock read->write                  still holds"), r.stdout)
        XCTAssertTrue(r.stdout.contains("flips of upstream with install=store: not made, the base itself is "
                                        + "VIOLATED in 8 steps"), r.stdout)
    }

    /// When every half's base is violated there is nothing to explain: bad input.
    func testPerWithEveryBaseViolatedIsBadInput() throws {
        try CLIRunner.assertUsageError(["explain", "tdp-shared-fault", "--variant", "plain-store", "--per", "vcpus"],
                                       "--per: model 'tdp-shared-fault' has no flag 'vcpus'")
        try CLIRunner.assertUsageError(["explain", "apic-access-zap", "--variant", "zap-read-lock", "--per", "zap_bumps_notifier"],
                                       "the base is violated for every value of --per zap_bumps_notifier")
    }

    /// The header names the overrides, not only the preset they were applied to.
    func testTheTitleNamesTheOverrides() throws {
        let r = try CLIRunner.run(["explain", "tdp-shared-fault", "--variant", "upstream", "--set", "fault_lock=write",
                                   "--vcpus", "3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("flips of upstream with fault_lock=write, vcpus=3, one flag at a time:"), r.stdout)
    }
}
