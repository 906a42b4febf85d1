import Interleaving
import KVMMMU
import KVMReplayAdapter
import XCTest

/// The race of the seed (Sean Christopherson, 2021-07-22), replayed on the real MMU.
final class SeedRaceReplayTests: XCTestCase {
    /// The fault snapshots the seq and passes the memslot check, then the inhibit takes
    /// mmu_lock; the fault then takes mmu_lock and checks for a retry before the zap bumps the
    /// notifier count, and maps the APIC page after the zap returned.
    static let seedRace: [(String, String)] = [
        ("vcpu[0]", "fault.snapshot_seq"),
        ("vcpu[0]", "fault.memslot"),
        ("inhibit[0]", "inhibit.set"),
        ("inhibit[0]", "zap.lock"),
        ("vcpu[0]", "fault.lock"),
        ("vcpu[0]", "fault.retry_check"),
        ("inhibit[0]", "zap.inc_count"),
        ("inhibit[0]", "zap.clear_spte"),
        ("inhibit[0]", "zap.seq_inc"),
        ("inhibit[0]", "zap.count_dec"),
        ("inhibit[0]", "zap.unlock"),
        ("inhibit[0]", "inhibit.done"),
        ("vcpu[0]", "fault.map"),
        ("vcpu[0]", "fault.unlock"),
    ]

    func testSeedRaceOnZapReadLockBumpLeavesAPICPageMapped() throws {
        let result = try ModelScenes.run(model: "apic-access-zap", preset: "zap-read-lock-bump", schedule: Self.seedRace)
        XCTAssertNil(result.divergence, result.divergence?.message ?? "")
        XCTAssertFalse(result.deadlocked)
        XCTAssertEqual(result.observed, Self.seedRace.map(ScheduleStep.init))
        XCTAssertTrue(result.facts.inhibitDone)
        XCTAssertFalse(result.facts.apicvActive)
        XCTAssertTrue(result.facts.apicSPTEPresent, "the APIC access page must still be mapped")
        XCTAssertTrue(result.facts.apicMappedAfterInhibit)
        XCTAssertEqual(result.facts.faultOutcomes, [[.fixed]])
        XCTAssertEqual(result.invariantViolations.first?.invariant, .apicUnmappedAfterInhibit)
        XCTAssertEqual(result.invariantViolations.first?.step, ScheduleStep("vcpu[0]", "fault.map"))

        // The guest's `mov [APIC], 0` is not intercepted: it hits the page through the SPTE.
        XCTAssertEqual(result.kvm.guestAccess(vcpu: 0, gfn: KVM.apicAccessGFN, write: 0), .completed(value: 0))
        XCTAssertEqual(result.kvm.events.recordedViolations, [.apicAccessNotIntercepted(vcpu: 0)])
    }

    func testSeedRaceOnUpstreamRetriesThenEmulates() throws {
        let result = try ModelScenes.run(model: "apic-access-zap", preset: "upstream", schedule: Self.seedRace)
        // The zap holds mmu_lock for write, so the fault's read acquisition (step 4) is blocked.
        let divergence = try XCTUnwrap(result.divergence)
        XCTAssertEqual(divergence.stepIndex, 4)
        XCTAssertEqual(divergence.reason, .blocked)
        XCTAssertEqual(divergence.expected, ScheduleStep("vcpu[0]", "fault.lock"))
        XCTAssertTrue(divergence.message.contains("step 5"), divergence.message)
        XCTAssertFalse(result.deadlocked)
        // Completion (lowest-index enabled thread first): the zap finishes and releases the lock,
        // the fault retries (seq moved), faults again and is emulated (APICv now inactive).
        let expected: [(String, String)] = [
            ("vcpu[0]", "fault.snapshot_seq"), ("vcpu[0]", "fault.memslot"),
            ("inhibit[0]", "inhibit.set"), ("inhibit[0]", "zap.lock"),
            ("inhibit[0]", "zap.inc_count"), ("inhibit[0]", "zap.clear_spte"), ("inhibit[0]", "zap.seq_inc"),
            ("inhibit[0]", "zap.count_dec"), ("inhibit[0]", "zap.unlock"),
            ("vcpu[0]", "fault.lock"), ("vcpu[0]", "fault.retry_check"), ("vcpu[0]", "fault.unlock"),
            ("vcpu[0]", "fault.snapshot_seq"), ("vcpu[0]", "fault.memslot"),
            ("inhibit[0]", "inhibit.done"),
        ]
        XCTAssertEqual(result.observed, expected.map(ScheduleStep.init))
        XCTAssertEqual(result.facts.faultOutcomes, [[.retry, .emulate]])
        XCTAssertTrue(result.facts.inhibitDone)
        XCTAssertFalse(result.facts.apicSPTEPresent)
        XCTAssertTrue(result.invariantHeld, result.invariantViolations.description)
        XCTAssertEqual(result.kvm.guestAccess(vcpu: 0, gfn: KVM.apicAccessGFN, write: 0), .emulated)
        XCTAssertTrue(result.kvm.events.recordedViolations.isEmpty)
    }
}
