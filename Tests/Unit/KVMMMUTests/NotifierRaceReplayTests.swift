import Interleaving
import KVMMMU
import KVMReplayAdapter
import XCTest

/// Host invalidation racing with a fault that resolved the pfn before the invalidation.
final class NotifierRaceReplayTests: XCTestCase {
    static let race: [(String, String)] = [
        ("vcpu[0]", "fault.snapshot_seq"),
        ("vcpu[0]", "fault.gup"),
        ("invalidator[0]", "inv.start_lock"),
        ("invalidator[0]", "inv.begin"),
        ("invalidator[0]", "inv.unmap"),
        ("invalidator[0]", "inv.start_unlock"),
        ("invalidator[0]", "inv.host_update"),
        ("invalidator[0]", "inv.end_lock"),
        ("invalidator[0]", "inv.end"),
        ("invalidator[0]", "inv.end_unlock"),
        ("vcpu[0]", "fault.lock"),
        ("vcpu[0]", "fault.retry_check"),
        ("vcpu[0]", "fault.map"),
        ("vcpu[0]", "fault.unlock"),
    ]

    func testNoRetryLeavesSPTEOnFreedPage() throws {
        let result = try ModelScenes.run(model: "notifier-invalidate", preset: "no-retry", data: ["invalidator[0].lo": 0],
                                       schedule: Self.race)
        XCTAssertNil(result.divergence, result.divergence?.message ?? "")
        XCTAssertEqual(result.observed, Self.race.map(ScheduleStep.init))
        XCTAssertEqual(result.facts.faultOutcomes, [[.fixed]])
        XCTAssertTrue(result.facts.faultGFNSPTE.isPresent)
        XCTAssertTrue(result.facts.faultGFNSPTEStale)
        XCTAssertTrue(result.facts.spteMapsFreedPage, "the SPTE must map the freed page")
        XCTAssertEqual(result.kvm.memory.kind(of: result.facts.faultGFNSPTE.pfn), .free)
        XCTAssertEqual(result.invariantViolations.first?.invariant, .spteCoherent)
        XCTAssertEqual(result.invariantViolations.first?.step, ScheduleStep("vcpu[0]", "fault.map"))
        // The guest now reaches the freed page: recorded as a use-after-free.
        _ = result.kvm.guestAccess(vcpu: 0, gfn: 0)
        XCTAssertEqual(result.kvm.events.recordedViolations,
                       [.useAfterFree(vcpu: 0, gfn: 0, pfn: result.facts.faultGFNSPTE.pfn)])
    }

    func testUpstreamRetriesAndMapsTheNewPage() throws {
        let result = try ModelScenes.run(model: "notifier-invalidate", preset: "upstream", data: ["invalidator[0].lo": 0, "invalidator[1].lo": 1],
                                       schedule: Self.race)
        // The retry check sees the seq moved: the fault goes to fault.unlock instead of fault.map.
        let divergence = try XCTUnwrap(result.divergence)
        XCTAssertEqual(divergence.stepIndex, 12)
        XCTAssertEqual(divergence.reason, .otherLabel)
        XCTAssertEqual(divergence.observed, ScheduleStep("vcpu[0]", "fault.unlock"))
        XCTAssertEqual(result.facts.faultOutcomes, [[.retry, .fixed]])
        XCTAssertFalse(result.facts.spteMapsFreedPage)
        XCTAssertFalse(result.facts.faultGFNSPTEStale)
        XCTAssertEqual(result.facts.faultGFNSPTE.pfn, result.facts.faultGFNHostPFN)
        XCTAssertTrue(result.invariantHeld, result.invariantViolations.description)
        XCTAssertTrue(result.replay.allThreadsEnded)
        XCTAssertEqual(result.facts.notifierCount, 0)
        XCTAssertEqual(result.facts.notifierSeq, 2)
    }
}
