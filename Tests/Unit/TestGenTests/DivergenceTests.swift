import Interleaving
import KVMMMU
import Models
import TestGen
import XCTest

/// A generated schedule with one label changed no longer replays, and the failure says where.
final class DivergenceTests: XCTestCase {
    func testMutatedLabelFailsNamingStepExpectedAndObservedLabel() throws {
        let generator = ReplayTestGenerator()
        let c = try XCTUnwrap(try generator.cases(model: try ModelCatalog.model(named: "apic-access-zap"),
                                                  preset: "zap-read-lock-bump").first)
        var schedule = c.schedule.map { ($0.thread, $0.label) }
        let data = Dictionary(uniqueKeysWithValues: c.data.map { ($0.name, $0.value) })

        // Unmutated, the schedule replays exactly.
        let clean = try KVMReplay.run(model: c.model, preset: c.preset, flags: c.flags, parameters: c.parameters,
                                      data: data, schedule: schedule)
        XCTAssertNil(clean.divergence, clean.divergence?.message ?? "")

        // Replace the label of the first vcpu[0] step after its first one with a label of another step.
        let index = try XCTUnwrap(schedule.indices.dropFirst().first { schedule[$0].0 == "vcpu[0]" })
        let original = schedule[index].1
        let mutated = original == "fault.unlock" ? "fault.map" : "fault.unlock"
        schedule[index].1 = mutated
        let result = try KVMReplay.run(model: c.model, preset: c.preset, flags: c.flags, parameters: c.parameters,
                                       data: data, schedule: schedule)
        let divergence = try XCTUnwrap(result.divergence, "a mutated label must make the replay diverge")
        XCTAssertEqual(divergence.stepIndex, index)
        XCTAssertEqual(divergence.expected, ScheduleStep("vcpu[0]", mutated))
        XCTAssertEqual(divergence.observed, ScheduleStep("vcpu[0]", original))
        XCTAssertEqual(divergence.reason, .otherLabel)
        let message = divergence.message
        XCTAssertTrue(message.contains("step \(index)"), message)
        XCTAssertTrue(message.contains("'\(mutated)'"), "message must name the expected label: \(message)")
        XCTAssertTrue(message.contains("'\(original)'"), "message must name the observed label: \(message)")
        XCTAssertNotEqual(Array(result.observed.prefix(schedule.count)), schedule.map(ScheduleStep.init))
    }
}
