import Interleaving
import KVMMMU
import XCTest

/// `kvm_zap_gfn_range` drops and retakes mmu_lock where the kernel's walk does, at the schedule
/// points `zap.resched_unlock` / `zap.resched_lock`, and a replay reaches those yields when its
/// schedule asks for them (`ControlledRWLock.needsBreak`: for a managed holder, the schedule's
/// next step for it is the yield).
///
/// - The TDP walk yields only after forward progress, as `tdp_mmu_iter_cond_resched` does:
///   `tdp_iter_start` seeds `yielded_gfn` with the walk's start gfn, so the zap cannot yield
///   before it has zapped anything, and a one-gfn zap never yields.
/// - The legacy MMU's rmap walk (`fault_lock=write`) visits the 4K, 2M and 1G rmaps and may
///   yield after each, even for one gfn (`slot_handle_level_range`).
final class ZapYieldTests: XCTestCase {
    /// What a zap run showed: the observed labels, the divergence, and which of `mapped` were
    /// zapped when the zap was parked at its first `zap.resched_unlock` (nil: it never yielded).
    struct ZapRun {
        var labels: [String]
        var divergence: ScheduleDivergence?
        var zappedAtYield: [GFN]?
    }

    /// Maps `mapped`, then zaps `range` as the managed thread `zap[0]` under `schedule`.
    func zap(mapped: [GFN], range: Range<GFN>, variant: ProtocolVariant = ProtocolVariant(),
             schedule labels: [String]) -> ZapRun {
        let points = SchedulePoints()
        let kvm = KVM(KVMConfiguration(vcpus: 1, variant: variant, guestPages: 4, physicalFrames: 64,
                                       apicAccessPage: false), points: points)
        for gfn in mapped { XCTAssertEqual(kvm.pageFault(vcpu: 0, gfn: gfn), .fixed) }
        var zappedAfter: [[GFN]] = []
        let thread = ManagedThread(name: "zap[0]") { kvm.zapGFNRange(range) }
        // After step k every managed thread is parked at its next point: the state recorded after
        // step k is the state at the point of step k + 1.
        let result = Scheduler(points: points, watchdogSeconds: 5).run(
            threads: [thread], schedule: labels.map { ScheduleStep("zap[0]", $0) }) { _ in
                zappedAfter.append(mapped.filter { !kvm.tdp.leafSPTE($0).isPresent })
            }
        XCTAssertTrue(result.allThreadsEnded, result.failureMessage ?? "")
        for gfn in mapped where range.contains(gfn) { XCTAssertFalse(kvm.tdp.leafSPTE(gfn).isPresent) }
        var atYield: [GFN]?
        if let index = result.observed.firstIndex(where: { $0.label == "zap.resched_unlock" }), index > 0 {
            atYield = zappedAfter[index - 1]
        }
        return ZapRun(labels: result.observed.map(\.label), divergence: result.divergence, zappedAtYield: atYield)
    }

    /// A one-gfn TDP zap (the APICv inhibit's) has no forward progress to yield after: asked to
    /// yield after its first SPTE it runs on in one hold, so the schedule diverges there.
    func testOneGFNTDPZapDoesNotYieldEvenWhenAsked() {
        let run = zap(mapped: [0], range: 0..<1,
                      schedule: ["zap.lock", "zap.inc_count", "zap.clear_spte", "zap.resched_unlock"])
        XCTAssertEqual(run.labels, ["zap.lock", "zap.inc_count", "zap.clear_spte", "zap.seq_inc",
                                    "zap.count_dec", "zap.unlock"])
        XCTAssertEqual(run.divergence?.stepIndex, 3)
        XCTAssertEqual(run.divergence?.observed?.label, "zap.seq_inc")
        XCTAssertNil(run.zappedAtYield)
    }

    /// A two-gfn TDP zap asked to yield does so after it zapped the first gfn and before the
    /// second, then re-walks from the root and finishes.
    func testTDPZapYieldsOnlyAfterForwardProgress() {
        let run = zap(mapped: [0, 1], range: 0..<2,
                      schedule: ["zap.lock", "zap.inc_count", "zap.clear_spte", "zap.resched_unlock", "zap.resched_lock"])
        XCTAssertNil(run.divergence, run.divergence?.message ?? "")
        XCTAssertEqual(run.labels, ["zap.lock", "zap.inc_count", "zap.clear_spte", "zap.resched_unlock",
                                    "zap.resched_lock", "zap.seq_inc", "zap.count_dec", "zap.unlock"])
        XCTAssertEqual(run.zappedAtYield, [0], "at the yield gfn 0 must be zapped and gfn 1 not yet")
    }

    /// Not asked, the managed zap does not yield: the completion policy takes no yield.
    func testTDPZapNotAskedDoesNotYield() {
        let run = zap(mapped: [0, 1], range: 0..<2, schedule: [])
        XCTAssertEqual(run.labels, ["zap.lock", "zap.inc_count", "zap.clear_spte", "zap.seq_inc",
                                    "zap.count_dec", "zap.unlock"])
    }

    /// The legacy MMU's rmap zap of one gfn visits three levels and yields after the 4K rmap
    /// when asked, with the gfn's SPTE already cleared: the window v5.15's legacy fault can use.
    func testLegacyRmapZapOfOneGFNYieldsBetweenLevels() throws {
        var legacy = ProtocolVariant()
        legacy.faultLock = .write
        let labels = ["zap.lock", "zap.inc_count", "zap.clear_spte", "zap.resched_unlock", "zap.resched_lock",
                      "zap.clear_spte", "zap.clear_spte", "zap.seq_inc", "zap.count_dec", "zap.unlock"]
        let run = zap(mapped: [0], range: 0..<1, variant: legacy, schedule: labels)
        XCTAssertNil(run.divergence, run.divergence?.message ?? "")
        XCTAssertEqual(run.labels, labels)
        XCTAssertEqual(run.zappedAtYield, [0], "the 4K rmap is zapped before the first yield")
    }

    /// Without `zap_yields` the legacy zap holds mmu_lock throughout, asked or not.
    func testZapWithoutYieldsNeverYields() {
        var variant = ProtocolVariant()
        variant.faultLock = .write
        variant.zapYields = false
        let run = zap(mapped: [0, 1], range: 0..<2, variant: variant,
                      schedule: ["zap.lock", "zap.inc_count", "zap.clear_spte", "zap.resched_unlock"])
        XCTAssertEqual(run.divergence?.observed?.label, "zap.seq_inc")
        XCTAssertFalse(run.labels.contains("zap.resched_unlock"))
    }

    /// `zap_range` sets the bump's range: (0, ~0) for `all`, the gfn range for `gfn` (seen at the
    /// point after the bump).
    func testTheBumpRecordsTheZapRangeKind() {
        for (kind, expected) in [(ProtocolVariant.ZapRange.all, 0..<UInt64.max), (.gfn, 5..<6)] {
            var variant = ProtocolVariant()
            variant.zapRange = kind
            let points = SchedulePoints()
            let kvm = KVM(KVMConfiguration(vcpus: 1, variant: variant, guestPages: 8, physicalFrames: 64,
                                           apicAccessPage: false), points: points)
            var rangeAtClear: Range<UInt64>?
            let thread = ManagedThread(name: "zap[0]") { kvm.zapGFNRange(5..<6) }
            _ = Scheduler(points: points).run(threads: [thread], schedule: []) { executed in
                if executed.step.label == "zap.inc_count" { rangeAtClear = kvm.notifier.range }
            }
            XCTAssertEqual(rangeAtClear, expected, "\(kind)")
        }
    }
}
