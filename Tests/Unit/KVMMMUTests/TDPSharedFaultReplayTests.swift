import Interleaving
import KVMMMU
import KVMReplayAdapter
import XCTest

/// Two vCPUs racing to link the same last-level page-table page.
final class TDPSharedFaultReplayTests: XCTestCase {
    static let race: [(String, String)] = [
        ("vcpu[0]", "fault.lock"), ("vcpu[1]", "fault.lock"),
        ("vcpu[0]", "fault.read_spte"), ("vcpu[1]", "fault.read_spte"),
        ("vcpu[0]", "fault.alloc_sp"), ("vcpu[1]", "fault.alloc_sp"),
        ("vcpu[0]", "fault.install"), ("vcpu[1]", "fault.install"),
    ]

    func testPlainStoreLosesALinkedPageTablePage() throws {
        let result = try ModelScenes.run(model: "tdp-shared-fault", preset: "plain-store", schedule: Self.race)
        XCTAssertNil(result.divergence, result.divergence?.message ?? "")
        XCTAssertEqual(result.facts.faultOutcomes, [[.fixed], [.fixed]])
        XCTAssertEqual(result.facts.vcpusWithLostLink, [0])
        XCTAssertEqual(result.facts.leakedPageTablePages, 1)
        XCTAssertEqual(result.invariantViolations.first?.invariant, .installedSPLinked)
        XCTAssertEqual(result.invariantViolations.first?.step, ScheduleStep("vcpu[1]", "fault.install"))
    }

    func testCmpxchgMakesTheLoserFreeItsPageAndRetry() throws {
        let result = try ModelScenes.run(model: "tdp-shared-fault", preset: "upstream", schedule: Self.race + [
            ("vcpu[1]", "fault.free_sp"), ("vcpu[1]", "fault.unlock"),
            ("vcpu[1]", "fault.lock"), ("vcpu[1]", "fault.read_spte"), ("vcpu[1]", "fault.unlock"),
            ("vcpu[0]", "fault.unlock"),
        ])
        XCTAssertNil(result.divergence, result.divergence?.message ?? "")
        XCTAssertTrue(result.replay.followedSchedule)
        XCTAssertEqual(result.facts.faultOutcomes, [[.fixed], [.retry, .spurious]])
        XCTAssertEqual(result.facts.vcpusWithLostLink, [])
        XCTAssertEqual(result.facts.leakedPageTablePages, 0)
        XCTAssertTrue(result.invariantHeld)
    }

    func testWriteLockSerialisesTheFaults() throws {
        let result = try ModelScenes.run(model: "tdp-shared-fault", preset: "write-lock-store", schedule: Self.race)
        // vcpu[1] cannot take mmu_lock for write while vcpu[0] holds it.
        XCTAssertEqual(result.divergence?.stepIndex, 1)
        XCTAssertEqual(result.divergence?.reason, .blocked)
        XCTAssertEqual(result.facts.faultOutcomes, [[.fixed], [.spurious]])
        XCTAssertEqual(result.facts.leakedPageTablePages, 0)
        XCTAssertTrue(result.invariantHeld)
    }
}
