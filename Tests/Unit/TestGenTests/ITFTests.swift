import Foundation
import ModelChecker
import XCTest

/// `check --format itf`: the ITF document parses back as JSON with the documented shape.
final class ITFTests: XCTestCase {
    func testITFParsesBackWithOneStatePerStepAndStepMeta() throws {
        let program = try Fixtures.program("notifier-invalidate", "no-retry")
        let trace = try Fixtures.trace(program, data: ["invalidator[0].lo": 0], Fixtures.notifierRace)
        let text = try ITFTrace(program: program, trace: trace).json()
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])

        let meta = try XCTUnwrap(root["#meta"] as? [String: Any])
        XCTAssertEqual(meta["format"] as? String, "ITF")
        XCTAssertEqual(meta["model"] as? String, "notifier-invalidate")
        XCTAssertEqual(meta["variant"] as? String, "no-retry")
        XCTAssertEqual((meta["violation"] as? [String: Any])?["name"] as? String, "spte_coherent")

        let vars = try XCTUnwrap(root["vars"] as? [String])
        XCTAssertEqual(Set(vars).count, vars.count, "variable names are unique")
        for name in ["mmu_notifier_seq", "mmu_notifier_count", "vcpu[0].pc", "invalidator[0].lo", "mmu_lock"] {
            XCTAssertTrue(vars.contains(name), "vars lacks \(name): \(vars)")
        }

        let states = try XCTUnwrap(root["states"] as? [[String: Any]])
        XCTAssertEqual(states.count, trace.steps.count + 1, "the initial state plus one per step")
        for (k, state) in states.enumerated() {
            let m = try XCTUnwrap(state["#meta"] as? [String: Any])
            XCTAssertEqual(m["index"] as? Int, k)
            XCTAssertEqual(Set(state.keys).subtracting(["#meta"]), Set(vars), "state \(k) has exactly the vars")
            if k > 0 {
                XCTAssertEqual(m["process"] as? String, trace.steps[k - 1].instanceName)
                XCTAssertEqual(m["label"] as? String, trace.steps[k - 1].label)
            } else {
                XCTAssertNil(m["label"])
            }
        }
        XCTAssertEqual((states.last?["#meta"] as? [String: Any])?["violation"] as? String, "spte_coherent")
        // Typed values: integers are numbers, locks are `#map`s from instance name to hold, pcs are labels.
        XCTAssertEqual(states[0]["mmu_notifier_count"] as? Int, 0)
        XCTAssertEqual(states[0]["invalidator[0].lo"] as? Int, 0)
        XCTAssertEqual(states[0]["vcpu[0].pc"] as? String, "fault.snapshot_seq")
        let holds = try XCTUnwrap((states[3]["mmu_lock"] as? [String: Any])?["#map"] as? [[String]])
        XCTAssertEqual(holds, [["vcpu[0]", "free"], ["invalidator[0]", "exclusive"]])
        XCTAssertEqual(states.last?["vcpu[0].pc"] as? String, "fault.unlock")
    }

    func testITFIsDeterministic() throws {
        let program = try Fixtures.program("apic-access-zap", "zap-read-lock-bump")
        let trace = try Fixtures.trace(program, Fixtures.seedRace)
        XCTAssertEqual(try ITFTrace(program: program, trace: trace).json(), try ITFTrace(program: program, trace: trace).json())
    }

    /// Numbers up to 2^53 - 1 (JavaScript's safe integers) are plain; 2^53 and beyond are `#bigint`.
    func testIntegersFromTwoToThe53AreBigints() throws {
        XCTAssertEqual(ITFValue.uint((1 << 53) - 1).json(), "9007199254740991")
        XCTAssertEqual(ITFValue.int(-(1 << 53) + 1).json(), "-9007199254740991")
        XCTAssertEqual(ITFValue.uint(1 << 53).json(), "{ \"#bigint\": \"9007199254740992\" }")
        XCTAssertEqual(ITFValue.int(-(1 << 53)).json(), "{ \"#bigint\": \"-9007199254740992\" }")
        XCTAssertEqual(ITFValue.uint((1 << 53) + 1).json(), "{ \"#bigint\": \"9007199254740993\" }")
        XCTAssertEqual(ITFValue(bits: UInt64.max, type: .u64).json(), "{ \"#bigint\": \"18446744073709551615\" }")
        XCTAssertEqual(ITFValue(bits: UInt64.max, type: .i64).json(), "-1")
        XCTAssertEqual(ITFValue(bits: 1 << 63, type: .i64).json(), "{ \"#bigint\": \"-9223372036854775808\" }")
        XCTAssertEqual(ITFValue(bits: 0xff, type: .i8).json(), "-1")
        let parsed = try JSONSerialization.jsonObject(with: Data(ITFValue.uint(UInt64.max).json().utf8)) as? [String: String]
        XCTAssertEqual(parsed, ["#bigint": "18446744073709551615"])
    }

    func testStringsAreEscaped() {
        XCTAssertEqual(ITFValue.string("a\"b\\c\n").json(), "\"a\\\"b\\\\c\\n\"")
    }
}
