import ModelChecker
import ProtocolDSL
import XCTest

/// `--max-counterexamples N` returns counterexamples that are distinct up to permuting
/// interchangeable instances and up to data choices that nothing reads.
final class DistinctCounterexamplesTests: XCTestCase {
    /// Three identical threads taking a flag lock without testing it.
    static let blindLock = ProtocolModel("blind-lock", summary: "three threads, no test") { _ in
        let taken = Global("taken", .bool)
        let inside = Global("inside", .u8)
        taken
        inside
        Process("thread", instances: 3) {
            Step("lock") { taken <- true }
            Step("enter") { inside <- inside + 1 }
            Step("unlock") {
                inside <- inside - 1
                taken <- false
            }
        }
        Invariant("mutual_exclusion") { inside <= 1 }
    }

    /// A worker breaks the invariant alone; a bystander has a data choice (0...3) that only its
    /// own step reads, and that step never needs to run. With `invariantReadsChoice`, the
    /// invariant reads the choice, so each value gives a different counterexample.
    static func bystander(invariantReadsChoice: Bool) -> ProtocolModel {
        ProtocolModel("bystander", summary: "an unread choice") { _ in
            let bad = Global("bad", .bool)
            bad
            Process("worker") {
                Step("break") { bad <- true }
            }
            let x = Local("x", .u8, initial: .any(lo: 0, hi: 3))
            Process("bystander") {
                x
                Step("look", await: x == 9) { bad <- false }
            }
            if invariantReadsChoice {
                Invariant("not_bad", forAll: "bystander") { b in !bad || b.local("x") == 9 }
            } else {
                Invariant("not_bad") { !bad }
            }
        }
    }

    /// The threads' names renamed in order of first appearance: equal for copies under symmetry.
    func canonical(_ t: Trace) -> [String] {
        var names: [String: String] = [:]
        return t.steps.map { s in
            if names[s.instanceName] == nil { names[s.instanceName] = "t\(names.count)" }
            return names[s.instanceName]! + "." + s.label
        }
    }

    func traces(_ m: ProtocolModel, _ engine: Engine, _ n: Int) throws -> [Trace] {
        let p = try m.instantiate(try m.configuration())
        guard case .violated(let ts) = try engine.check(p, CheckOptions(maxDepth: 20, maxCounterexamples: n)).0 else {
            XCTFail("\(m.name) holds")
            return []
        }
        return ts
    }

    func testNoTwoCounterexamplesAreCopiesUnderPermutingTheThreads() throws {
        for engine in [Engine.explicit, .bmc] {
            let ts = try traces(Self.blindLock, engine, 20)
            XCTAssertFalse(ts.isEmpty)
            let forms = ts.map(canonical)
            XCTAssertEqual(Set(forms).count, forms.count, "\(engine): copies under renaming: \(forms)")
        }
        // Every shortest violation ends in the same state up to symmetry (two threads inside):
        // the explicit search, which reports violating states, has exactly one.
        XCTAssertEqual(try traces(Self.blindLock, .explicit, 20).count, 1)
    }

    func testAChoiceNoStepReadsDoesNotMakeACounterexampleDistinct() throws {
        for engine in [Engine.explicit, .bmc] {
            let ts = try traces(Self.bystander(invariantReadsChoice: false), engine, 4)
            XCTAssertEqual(ts.count, 1, "\(engine): \(ts.map(\.dataChoices))")
        }
    }

    func testAChoiceThePropertyReadsDoesMakeItDistinct() throws {
        for engine in [Engine.explicit, .bmc] {
            let ts = try traces(Self.bystander(invariantReadsChoice: true), engine, 10)
            XCTAssertEqual(ts.count, 4, "\(engine): one per value of x: \(ts.map(\.dataChoices))")
        }
    }
}
