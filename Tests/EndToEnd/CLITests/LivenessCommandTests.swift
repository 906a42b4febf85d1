import Foundation
import XCTest

/// `mmuspec check` on liveness properties, end to end: the verdict lines, the lasso's swimlane,
/// `--property`, JSON's `loop_start`, ITF's `loop`, and `prove`'s refusal.
final class LivenessCommandTests: XCTestCase {
    func check(_ args: [String]) throws -> CLIRunner.Result { try CLIRunner.run(["check", "lock-fairness"] + args) }

    func testAStarvingLockIsALassoWhoseLoopIsMarkedInTheSwimlane() throws {
        let r = try check(["--variant", "blocking-weak"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("  fairness: thread=weak"), r.stdout)
        XCTAssertTrue(lines.contains("VIOLATED (liveness) served: a lasso with a 0-step stem and a 2-step loop"), r.stdout)
        XCTAssertTrue(lines.contains("  liveness property served is false for thread[0]: thread[0]@take ~> thread[0]@cs: "
                                     + "the left side holds in the initial state and the right side in no state from there on"))
        let start = try XCTUnwrap(lines.firstIndex(of: "---- loop: steps 1-2 repeat forever, from the initial state ----"))
        let end = try XCTUnwrap(lines.firstIndex(of: "---- back to the initial state: steps 1-2 again, forever ----"))
        let steps = lines[start..<end].filter { $0.hasPrefix("   1 |") || $0.hasPrefix("   2 |") }
        XCTAssertEqual(steps.count, 2, "both loop steps lie between the marks: \(r.stdout)")
        XCTAssertFalse(r.stdout.contains("  !"), "a lasso has no violating step")
    }

    func testFairnessDecidesTheVerdict() throws {
        let strong = try check(["--variant", "blocking-strong"])
        XCTAssertEqual(strong.status, 0, strong.stdout + strong.stderr)
        XCTAssertTrue(strong.stdout.contains("\nHOLDS (liveness) served: every fair execution satisfies it (every reachable "
                                             + "state was explored: 3 states)"), strong.stdout)
        let unfair = try check(["--variant", "ticket-unfair"])
        XCTAssertEqual(unfair.status, 1)
        XCTAssertTrue(unfair.stdout.contains("VIOLATED (liveness) served: a lasso with a 1-step stem and a 12-step loop"),
                      unfair.stdout)
        XCTAssertTrue(unfair.stdout.contains("---- back to the state after step 1: steps 2-13 again, forever ----"))
        XCTAssertEqual(try check(["--variant", "ticket-weak"]).status, 0)
    }

    func testPropertySelectsInvariantsAndLivenessProperties() throws {
        let live = try check(["--variant", "blocking-weak", "--property", "served"])
        XCTAssertEqual(live.status, 1)
        XCTAssertFalse(live.stdout.contains("engine:"), "no safety search when only liveness is selected: \(live.stdout)")
        XCTAssertTrue(live.stdout.contains("VIOLATED (liveness) served"))
        let safe = try check(["--variant", "blocking-weak", "--property", "mutual_exclusion"])
        XCTAssertEqual(safe.status, 0, safe.stdout)
        XCTAssertFalse(safe.stdout.contains("liveness"), safe.stdout)
        let both = try check(["--variant", "blocking-weak", "--property", "mutual_exclusion", "--property", "served"])
        XCTAssertEqual(both.status, 1)
        XCTAssertTrue(both.stdout.contains("HOLDS: no execution violates") && both.stdout.contains("VIOLATED (liveness)"))
    }

    func testAnUnknownPropertyIsBadInput() throws {
        try CLIRunner.assertUsageError(["check", "lock-fairness", "--property", "nope"],
                                       "model 'lock-fairness' has no property 'nope'; valid: mutual_exclusion, served")
    }

    func testJSONCarriesTheLoopStartAndTheOverallVerdict() throws {
        let r = try check(["--variant", "ticket-unfair", "--format", "json"])
        XCTAssertEqual(r.status, 1)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["verdict"] as? String, "violated", "of every property checked")
        XCTAssertEqual((json["counterexamples"] as? [Any])?.count, 0, "the invariant holds")
        let live = try XCTUnwrap((json["liveness"] as? [[String: Any]])?.first)
        XCTAssertEqual(live["name"] as? String, "served")
        XCTAssertEqual(live["verdict"] as? String, "violated")
        let ce = try XCTUnwrap(live["counterexample"] as? [String: Any])
        XCTAssertEqual(ce["loop_start"] as? Int, 1)
        XCTAssertEqual(ce["length"] as? Int, 13)
        let holds = try check(["--variant", "ticket-weak", "--format", "json"])
        let hj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(holds.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(hj["verdict"] as? String, "holds")
        XCTAssertEqual(((hj["liveness"] as? [[String: Any]])?.first)?["states"] as? Int, 109)
    }

    func testITFLoopIndexPointsAtTheStateTheLastStateStepsTo() throws {
        let r = try check(["--variant", "blocking-weak", "--format", "itf"])
        XCTAssertEqual(r.status, 1)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["loop"] as? Int, 0)
        let states = try XCTUnwrap(doc["states"] as? [[String: Any]])
        // take (state 1: taken) then cs, which returns to state 0: state 0 is not listed twice.
        XCTAssertEqual(states.map { $0["taken"] as? Bool }, [false, true])
        let meta = try XCTUnwrap(doc["#meta"] as? [String: Any])
        XCTAssertEqual(meta["loop-step"] as? [String: String], ["process": "thread[1]", "label": "cs"])
    }

    func testTheSameCommandPrintsTheSameLasso() throws {
        let a = try check(["--variant", "ticket-unfair"]), b = try check(["--variant", "ticket-unfair"])
        XCTAssertEqual(a.stdout, b.stdout)
    }

    func testALivenessSearchPastItsTimeoutIsUnknown() throws {
        // About tickets^threads states (16 million): far more than half a second explores.
        let r = try check(["--variant", "ticket-weak", "--set", "threads=3", "--set", "tickets=256",
                           "--property", "served", "--timeout", "0.5"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("UNKNOWN (liveness) served: the search gave up (timeout)"), r.stdout)
    }

    func testTheInvisibleEngineProvesLivenessWithTheTranslationsReachableStates() throws {
        let r = try CLIRunner.run(["prove", "lock-fairness", "--variant", "blocking-strong", "--engine", "invisible"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("HOLDS (liveness) served: every fair execution satisfies it (the 28 reachable "
                                        + "states of its liveness-to-safety translation, explored explicitly"), r.stdout)
    }

    func testProveDecidesLivenessThroughTheTranslation() throws {
        let held = try CLIRunner.run(["prove", "lock-fairness", "--variant", "blocking-strong", "--engine", "kinduction"])
        XCTAssertEqual(held.status, 0, held.stderr)
        XCTAssertTrue(held.stdout.contains("PROVED: no execution violates the invariants"), held.stdout)
        XCTAssertTrue(held.stdout.contains("HOLDS (liveness) served: every fair execution satisfies it (k-induction on "
                                           + "its liveness-to-safety translation"), held.stdout)
        let starved = try CLIRunner.run(["prove", "lock-fairness", "--variant", "blocking-weak", "--engine", "spacer"])
        XCTAssertEqual(starved.status, 1, starved.stderr)
        XCTAssertTrue(starved.stdout.contains("VIOLATED (liveness) served: a lasso with a 0-step stem and a 2-step loop"),
                      starved.stdout)
    }

    func testProvePropertySelectsLivenessPropertiesOnly() throws {
        let r = try CLIRunner.run(["prove", "lock-fairness", "--variant", "blocking-weak", "--property", "served"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertFalse(r.stdout.contains("PROVED"), "no invariant proof when only liveness properties are named")
        XCTAssertTrue(r.stdout.contains("VIOLATED (liveness) served: a lasso with a 0-step stem and a 2-step loop"), r.stdout)
        try CLIRunner.assertUsageError(["prove", "lock-fairness", "--property", "mutual_exclusion"],
                                       "prove --property selects liveness properties only, and mutual_exclusion is an "
                                       + "invariant; prove proves every invariant")
    }

    func testCheckWithBMCFindsTheSameLassoLengthsAsTheExplicitSearchOnTheTicketLock() throws {
        let r = try CLIRunner.run(["check", "lock-fairness", "--variant", "ticket-unfair", "--engine", "bmc",
                                   "--property", "served"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("VIOLATED (liveness) served: a lasso with a 1-step stem and a 12-step loop"), r.stdout)
    }
}
