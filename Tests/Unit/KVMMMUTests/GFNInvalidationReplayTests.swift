import Interleaving
import KVMMMU
import KVMReplayAdapter
import XCTest

/// KVMMMU's v6.8 gfn-based invalidation (the `gfn-invalidate` scene: memslot 0 = gfn 0 at hva 0;
/// memslot 1 = gfn 4, 5 at hva 1, 2; hva 3 in no memslot), replayed label by label.
final class GFNInvalidationReplayTests: XCTestCase {
    /// vCPU 0 looks up gfn 0's pfn, then invalidator 0 runs `invalidate_range_start` over hva
    /// [0, 3), which overlaps both memslots, and the fault takes mmu_lock after it.
    static let twoSlotRace: [(String, String)] = [
        ("vcpu[0]", "fault.snapshot_seq"),
        ("vcpu[0]", "fault.gup"),
        ("invalidator[0]", "inv.start"),
        ("invalidator[0]", "inv.start_lock"),
        ("invalidator[0]", "inv.begin"),
        ("invalidator[0]", "inv.range_add"),
        ("invalidator[0]", "inv.unmap"),
        ("invalidator[0]", "inv.range_add"),
        ("invalidator[0]", "inv.unmap"),
        ("invalidator[0]", "inv.unmap"),
        ("invalidator[0]", "inv.start_unlock"),
        ("vcpu[0]", "fault.lock"),
        ("vcpu[0]", "fault.retry_check"),
        ("vcpu[0]", "fault.map"),
        ("vcpu[0]", "fault.unlock"),
        ("invalidator[0]", "inv.host_update"),
        ("invalidator[0]", "inv.end_lock"),
        ("invalidator[0]", "inv.end"),
        ("invalidator[0]", "inv.end_unlock"),
    ]
    static let twoSlotData: [String: Int64] = ["vcpu[0].gfn_index": 0, "invalidator[0].lo": 0]

    /// The range after `inv.start_unlock` ran (the fault is parked at `fault.lock`).
    func rangeAfterStart(_ preset: String) throws -> (Range<UInt64>, KVMReplayResult) {
        var range: Range<UInt64>?
        let result = try ModelScenes.run(model: "gfn-invalidate", preset: preset, data: Self.twoSlotData,
                                         schedule: Self.twoSlotRace) { context in
            if context.executed.index == 10 { range = context.kvm.notifier.range }
        }
        return (try XCTUnwrap(range), result)
    }

    func testTwoMemslotsAddTwoRangesMergedMinMaxAndTheFaultRetries() throws {
        let (range, result) = try rangeAfterStart("upstream")
        // range_add(0, 1) for memslot 0, then range_add(4, 6) for memslot 1: merged to [0, 6).
        XCTAssertEqual(range, 0..<6)
        let divergence = try XCTUnwrap(result.divergence)
        XCTAssertEqual(divergence.stepIndex, 13)
        XCTAssertEqual(divergence.observed, ScheduleStep("vcpu[0]", "fault.unlock"))
        // The completion runs vCPU 0 first: its second fault comes while the invalidation is still
        // in progress over [0, 6), so it retries again (retries = 1) and maps nothing.
        XCTAssertEqual(result.facts.faultOutcomes, [[.retry, .retry]])
        XCTAssertFalse(result.facts.faultGFNSPTE.isPresent)
        XCTAssertTrue(result.invariantHeld, result.invariantViolations.description)
        XCTAssertEqual(result.facts.notifierCount, 0)
        XCTAssertFalse(result.facts.faultGFNSPTEStale)
    }

    func testAnOverwritingRangeAddHidesTheFirstMemslotAndTheFaultMapsAFreedPage() throws {
        let (range, result) = try rangeAfterStart("range-overwrite")
        XCTAssertEqual(range, 4..<6, "the second memslot's range overwrote the first's")
        XCTAssertNil(result.divergence, result.divergence?.message ?? "")
        XCTAssertEqual(result.facts.faultOutcomes, [[.fixed]])
        XCTAssertTrue(result.facts.faultGFNSPTEStale)
        XCTAssertTrue(result.facts.spteMapsFreedPage)
        XCTAssertEqual(result.invariantViolations.first?.invariant, .spteCoherent)
        XCTAssertEqual(result.invariantViolations.first?.step, ScheduleStep("invalidator[0]", "inv.end"))
    }

    /// The start of an invalidation of [lo, min(lo + 3, 4)), then `inv.resched_unlock` asked for.
    func askForYield(after unmaps: Int, lo: Int64, flags: [String: String] = [:]) throws -> KVMReplayResult {
        var schedule: [(String, String)] = [("invalidator[0]", "inv.start"), ("invalidator[0]", "inv.start_lock"),
                                            ("invalidator[0]", "inv.begin"), ("invalidator[0]", "inv.range_add")]
        schedule += Array(repeating: ("invalidator[0]", "inv.unmap"), count: unmaps)
        schedule.append(("invalidator[0]", "inv.resched_unlock"))
        return try ModelScenes.run(model: "gfn-invalidate", flags: flags, parameters: ["invalidators": 1],
                                   data: ["invalidator[0].lo": lo], schedule: schedule)
    }

    func testTheTDPUnmapYieldsOnlyAfterProgressWithinOneMemslot() throws {
        // Between gfn 4 and gfn 5 of memslot 1 (tdp_mmu_iter_cond_resched after progress).
        let between = try askForYield(after: 1, lo: 1)
        XCTAssertNil(between.divergence, between.divergence?.message ?? "")
        // Not before the walk's first gfn: the point asked for is not reached, inv.unmap is.
        let first = try askForYield(after: 0, lo: 1)
        XCTAssertEqual(first.divergence?.observed, ScheduleStep("invalidator[0]", "inv.unmap"))
        // Not between memslots: hva [0, 3) is gfn 0 (memslot 0), then a new walk for gfn 4 and 5.
        let across = try askForYield(after: 1, lo: 0)
        XCTAssertEqual(across.divergence?.observed, ScheduleStep("invalidator[0]", "inv.range_add"))
        // The legacy MMU's rmap unmap never yields.
        let legacy = try askForYield(after: 1, lo: 1, flags: ["fault_lock": "write"])
        XCTAssertEqual(legacy.divergence?.observed, ScheduleStep("invalidator[0]", "inv.unmap"))
        let off = try askForYield(after: 1, lo: 1, flags: ["unmap_yields": "false"])
        XCTAssertEqual(off.divergence?.observed, ScheduleStep("invalidator[0]", "inv.unmap"))
    }

    func testARangeInNoMemslotTakesNeitherMMULockNorTheCount() throws {
        var active: [Int] = []
        var counts: [Int64] = []
        let result = try ModelScenes.run(model: "gfn-invalidate", parameters: ["invalidators": 1, "vcpus": 1],
                                         data: ["invalidator[0].lo": 3],
                                         schedule: [("invalidator[0]", "inv.start"), ("invalidator[0]", "inv.host_update")]) { context in
            active.append(context.kvm.mnActiveInvalidateCount.load(ordering: .sequentiallyConsistent))
            counts.append(context.kvm.notifier.count)
        }
        XCTAssertNil(result.divergence, result.divergence?.message ?? "")
        XCTAssertTrue(result.replay.allThreadsEnded)
        let invalidatorLabels = result.observed.filter { $0.thread == "invalidator[0]" }.map(\.label)
        XCTAssertEqual(invalidatorLabels, ["inv.start", "inv.host_update"])
        // After inv.start: mn_active_invalidate_count is 1, the in-progress count stays 0.
        XCTAssertEqual(active.first, 1)
        XCTAssertEqual(counts, Array(repeating: 0, count: counts.count))
        XCTAssertEqual(result.kvm.mnActiveInvalidateCount.load(ordering: .sequentiallyConsistent), 0)
        XCTAssertEqual(result.facts.notifierSeq, 0, "no memslot overlapped: kvm_mmu_invalidate_end never ran")
    }
}
