import Interleaving
import KVMMMU
import KVMReplayAdapter
import XCTest

final class ReplayDeterminismTests: XCTestCase {
    func testSameReplayGivesSameObservedSequenceHundredOfHundred() throws {
        let scene = try ModelScenes.scene("apic-access-zap", preset: "upstream")
        let schedule = SeedRaceReplayTests.seedRace.map(ScheduleStep.init)
        let first = KVMReplay.run(scene, schedule: schedule)
        var identical = 0
        for _ in 0..<100 {
            let again = KVMReplay.run(scene, schedule: schedule)
            if again.observed == first.observed && again.divergence == first.divergence
                && again.facts.faultOutcomes == first.facts.faultOutcomes {
                identical += 1
            }
        }
        XCTAssertEqual(identical, 100)
    }

    func testWrongLabelFailsWithStepExpectedAndObservedLabel() throws {
        var schedule = SeedRaceReplayTests.seedRace
        schedule[5] = ("vcpu[0]", "fault.map")  // the fault is at fault.retry_check
        let result = try ModelScenes.run(model: "apic-access-zap", preset: "zap-read-lock-bump", schedule: schedule)
        let divergence = try XCTUnwrap(result.divergence)
        XCTAssertEqual(divergence.stepIndex, 5)
        XCTAssertEqual(divergence.expected, ScheduleStep("vcpu[0]", "fault.map"))
        XCTAssertEqual(divergence.observed, ScheduleStep("vcpu[0]", "fault.retry_check"))
        XCTAssertEqual(divergence.message,
                       "schedule diverged at step 6: expected vcpu[0] at 'fault.map', observed vcpu[0] at 'fault.retry_check'")
        XCTAssertEqual(result.replay.failureMessage, divergence.message)
        XCTAssertTrue(result.replay.allThreadsEnded)
    }

    func testPerStepHookSeesTheInvariantOnRealState() throws {
        var perStep: [String?] = []
        let result = try ModelScenes.run(model: "apic-access-zap", preset: "zap-read-lock-bump",
                                       schedule: SeedRaceReplayTests.seedRace) { context in
            perStep.append(context.invariantViolation)
            XCTAssertEqual(context.kvm.violation(of: .apicUnmappedAfterInhibit), context.invariantViolation)
        }
        XCTAssertEqual(perStep.count, result.observed.count)
        // Holds until the fault maps the APIC page after inhibit.done (step 12), then fails.
        XCTAssertTrue(perStep[0..<12].allSatisfy { $0 == nil })
        XCTAssertNotNil(perStep[12])
    }

    func testOtherAPICPresetsFollowTheirModelSteps() throws {
        // zap-no-bump: no zap.inc_count / seq_inc / count_dec points exist.
        let noBump = try ModelScenes.run(model: "apic-access-zap", preset: "zap-no-bump", schedule: [
            ("vcpu[0]", "fault.snapshot_seq"), ("vcpu[0]", "fault.memslot"),
            ("inhibit[0]", "inhibit.set"), ("inhibit[0]", "zap.lock"), ("inhibit[0]", "zap.clear_spte"),
            ("inhibit[0]", "zap.unlock"), ("inhibit[0]", "inhibit.done"),
            ("vcpu[0]", "fault.lock"), ("vcpu[0]", "fault.retry_check"), ("vcpu[0]", "fault.map"), ("vcpu[0]", "fault.unlock"),
        ])
        XCTAssertTrue(noBump.replay.followedSchedule, noBump.replay.failureMessage ?? "")
        XCTAssertTrue(noBump.facts.apicMappedAfterInhibit)
        // seq-after-slot: memslot first, then the snapshot.
        let seqAfter = try ModelScenes.run(model: "apic-access-zap", preset: "seq-after-slot", schedule: [
            ("vcpu[0]", "fault.memslot"),
            ("inhibit[0]", "inhibit.set"), ("inhibit[0]", "zap.lock"), ("inhibit[0]", "zap.inc_count"),
            ("inhibit[0]", "zap.clear_spte"), ("inhibit[0]", "zap.seq_inc"), ("inhibit[0]", "zap.count_dec"),
            ("inhibit[0]", "zap.unlock"), ("inhibit[0]", "inhibit.done"),
            ("vcpu[0]", "fault.snapshot_seq"), ("vcpu[0]", "fault.lock"), ("vcpu[0]", "fault.retry_check"),
            ("vcpu[0]", "fault.map"), ("vcpu[0]", "fault.unlock"),
        ])
        XCTAssertTrue(seqAfter.replay.followedSchedule, seqAfter.replay.failureMessage ?? "")
        XCTAssertTrue(seqAfter.facts.apicMappedAfterInhibit)
        XCTAssertFalse(seqAfter.invariantHeld)
        // no-retry-check: no fault.retry_check point.
        let noCheck = try ModelScenes.run(model: "apic-access-zap", preset: "no-retry-check", schedule: [
            ("vcpu[0]", "fault.snapshot_seq"), ("vcpu[0]", "fault.memslot"),
            ("inhibit[0]", "inhibit.set"), ("inhibit[0]", "zap.lock"), ("inhibit[0]", "zap.inc_count"),
            ("inhibit[0]", "zap.clear_spte"), ("inhibit[0]", "zap.seq_inc"), ("inhibit[0]", "zap.count_dec"),
            ("inhibit[0]", "zap.unlock"), ("inhibit[0]", "inhibit.done"),
            ("vcpu[0]", "fault.lock"), ("vcpu[0]", "fault.map"), ("vcpu[0]", "fault.unlock"),
        ])
        XCTAssertTrue(noCheck.replay.followedSchedule, noCheck.replay.failureMessage ?? "")
        XCTAssertTrue(noCheck.facts.apicMappedAfterInhibit)
    }

    func testRangeOverwriteLetsAFaultMapAStalePage() throws {
        // invalidator[0] covers hva 0, invalidator[1] hva 1. With range_merge=false the second
        // begin overwrites the range, so a fault on hva 0 is not held off by the count; the seq
        // has not moved yet because neither invalidation ended.
        let result = try ModelScenes.run(model: "notifier-invalidate", preset: "range-overwrite",
                                       data: ["invalidator[0].lo": 0, "invalidator[1].lo": 1], schedule: [
            ("invalidator[0]", "inv.start_lock"), ("invalidator[0]", "inv.begin"), ("invalidator[0]", "inv.unmap"),
            ("invalidator[0]", "inv.start_unlock"),
            ("vcpu[0]", "fault.snapshot_seq"),
            ("invalidator[1]", "inv.start_lock"), ("invalidator[1]", "inv.begin"), ("invalidator[1]", "inv.unmap"),
            ("invalidator[1]", "inv.start_unlock"),
            ("vcpu[0]", "fault.gup"), ("vcpu[0]", "fault.lock"), ("vcpu[0]", "fault.retry_check"),
            ("vcpu[0]", "fault.map"), ("vcpu[0]", "fault.unlock"),
            ("invalidator[0]", "inv.host_update"), ("invalidator[0]", "inv.end_lock"), ("invalidator[0]", "inv.end"),
            ("invalidator[0]", "inv.end_unlock"),
        ])
        XCTAssertNil(result.divergence, result.divergence?.message ?? "")
        XCTAssertEqual(result.facts.faultOutcomes, [[.fixed]])
        XCTAssertFalse(result.invariantHeld)
        XCTAssertTrue(result.facts.faultGFNSPTEStale)
        XCTAssertTrue(result.facts.spteMapsFreedPage)
    }
}
