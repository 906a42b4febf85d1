import ModelChecker
import ProtocolDSL
import XCTest

/// `explain`'s summary of an enumeration flag says exactly which values keep the property.
final class FlagValuesTests: XCTestCase {
    /// A flag lock whose `take` flag has three values: `test` and `test-twice` wait for the
    /// flag to be clear (both keep mutual exclusion), `blind` does not (it breaks it); `entry`
    /// has three values of which only `guarded` keeps it.
    static let model = ProtocolModel(
        "three-valued", summary: "a lock with enumeration flags",
        flags: [
            .choice("take", ["test", "test-twice", "blind"], default: "test", "how the lock is taken"),
            .choice("entry", ["guarded", "unguarded", "late"], default: "guarded", "how the section is entered"),
            .bool("noise", default: false, "a flag no step reads"),
        ]
    ) { cfg in
        let taken = Global("taken", .bool)
        let inside = Global("inside", .u8)
        taken
        inside
        Process("thread", instances: 2) {
            switch cfg.choice("take") {
            case "test": Step("lock", await: !taken) { taken <- true }
            case "test-twice":
                Step("peek", await: !taken) {}
                Step("lock", await: !taken) { taken <- true }
            default: Step("lock") { taken <- true }
            }
            if cfg.choice("entry") == "guarded" {
                Step("enter") { inside <- inside + 1 }
            } else if cfg.choice("entry") == "unguarded" {
                Step("enter") { inside <- inside + 1; taken <- false }
            } else {
                Step("enter") { taken <- false; inside <- inside + 1 }
            }
            Step("unlock") {
                inside <- inside - 1
                taken <- false
            }
        }
        Invariant("mutual_exclusion") { inside <= 1 }
    }

    func testOnlySomeValuesOfTakeKeepThePropertyAndOnlyTheBaseEntryDoes() throws {
        let flips = try FlagFlips(model: Self.model, preset: nil, overrides: [])
            .flips(engine: .explicit, maxDepth: 60)
        let values = FlagValues.summarize(flips)
        XCTAssertEqual(values.map { $0.flag }, ["take", "entry", "noise"])
        XCTAssertEqual(values[0], FlagValues(flag: "take", base: "test", keeping: ["test", "test-twice"],
                                             breaking: ["blind"], undecided: []))
        XCTAssertEqual(values[0].role, FlagValues.Role.someValues, "take=test is not necessary: test-twice keeps the property too")
        XCTAssertEqual(values[1].keeping, ["guarded"])
        XCTAssertEqual(values[1].breaking, ["unguarded", "late"])
        XCTAssertEqual(values[1].role, FlagValues.Role.necessary)
        XCTAssertEqual(values[2].role, FlagValues.Role.irrelevant)
    }

    func testAFlipTheModelRejectsIsUndecidedNotNecessary() {
        let flips = [
            FlagFlips.Flip(flag: "f", from: "a", to: "b", verdict: .rejected("no")),
            FlagFlips.Flip(flag: "f", from: "a", to: "c", verdict: .unknown(reason: "timeout")),
        ]
        let v = FlagValues.summarize(flips)
        XCTAssertEqual(v.count, 1)
        XCTAssertEqual(v[0].undecided, ["b", "c"])
        XCTAssertEqual(v[0].role, FlagValues.Role.undecided)
    }
}
