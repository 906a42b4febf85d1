import Interleaving
import KVMReplayAdapter
import Models
import ReplayTesting
import TestGen
import XCTest

/// A generated schedule with one label changed no longer replays, and the failure says where.
final class DivergenceTests: XCTestCase {
    /// The counterexample as a generated file holds it, built from the generator's case.
    func counterexample(_ c: ReplayCase, schedule: [(String, String)]) -> ReplayCounterexample {
        ReplayCounterexample(model: c.model, preset: c.preset, flags: c.flags, parameters: c.parameters,
                             data: Dictionary(uniqueKeysWithValues: c.data.map { ($0.name, Int64($0.value)) }),
                             labels: c.labels, schedule: schedule, property: c.violation,
                             fixedPreset: c.fixed?.preset ?? "", fixedFlags: c.fixed?.flags ?? [:])
    }

    func testMutatedLabelFailsNamingStepExpectedAndObservedLabel() throws {
        let c = try XCTUnwrap(try Fixtures.generator().cases(model: try ModelCatalog.model(named: "apic-access-zap"),
                                                            preset: "zap-read-lock-bump").first)
        var schedule = c.schedule.map { ($0.instance, $0.label) }

        // Unmutated, the witness replays exactly.
        XCTAssertEqual(try Replay.witness(counterexample(c, schedule: schedule), on: KVMTarget.apicAccessZap), [])

        // Replace the label of the first vcpu[0] step after its first one with a label of another step.
        let index = try XCTUnwrap(schedule.indices.dropFirst().first { schedule[$0].0 == "vcpu[0]" })
        let original = schedule[index].1
        let mutated = original == "fault.unlock" ? "fault.map" : "fault.unlock"
        schedule[index].1 = mutated
        let ce = counterexample(c, schedule: schedule)
        let outcome = try Replay.run(KVMTarget.apicAccessZap, ce.configuration, schedule: ce.schedule)
        let divergence = try XCTUnwrap(outcome.result.divergence, "a mutated label must make the replay diverge")
        XCTAssertEqual(divergence.stepIndex, index)
        XCTAssertEqual(divergence.expected, ScheduleStep("vcpu[0]", mutated))
        XCTAssertEqual(divergence.observed, ScheduleStep("vcpu[0]", original))
        XCTAssertEqual(divergence.reason, .otherLabel)

        // The witness fails, and its first line names the step (1-based, as in the file's
        // comments), the label the model expected and the one the implementation was at.
        let failures = try Replay.witness(ce, on: KVMTarget.apicAccessZap)
        let first = try XCTUnwrap(failures.first)
        XCTAssertEqual(first, "schedule diverged at step \(index + 1): expected vcpu[0] at '\(mutated)', "
                       + "observed vcpu[0] at '\(original)'")
    }
}
