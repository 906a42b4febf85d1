import Interleaving
import KVMMMU
import KVMReplayAdapter
import Synchronization
import XCTest

/// The APICv request protocol (`apicv_request`, b0a1637f64b0) on the real MMU: the inhibit
/// takes `apicv_update_lock` and raises `KVM_REQ_APICV_UPDATE` on every vCPU before it stores
/// the reasons, and a vCPU entering the guest services the request in `kvm_vcpu_update_apicv`,
/// blocking on the lock until the zap returned.
final class APICvRequestTests: XCTestCase {
    /// Upstream with the protocol: a fault that saw APICv active retries (the zap bumped the
    /// seq); re-entering the guest, the vCPU finds the request and blocks on the lock, which the
    /// inhibit drops only after the zap returned (`inhibit.done`); then it faults again and is
    /// emulated.
    func testARetryingVCPUBlocksOnTheUpdateLockUntilTheZapReturned() throws {
        let schedule: [(String, String)] = [
            ("vcpu[0]", "vcpu.enter_guest"), ("vcpu[0]", "fault.snapshot_seq"), ("vcpu[0]", "fault.memslot"),
            ("inhibit[0]", "inhibit.kick"), ("inhibit[0]", "inhibit.set"), ("inhibit[0]", "zap.lock"),
            ("inhibit[0]", "zap.inc_count"), ("inhibit[0]", "zap.clear_spte"), ("inhibit[0]", "zap.seq_inc"),
            ("inhibit[0]", "zap.count_dec"), ("inhibit[0]", "zap.unlock"),
            ("vcpu[0]", "fault.lock"), ("vcpu[0]", "fault.retry_check"), ("vcpu[0]", "fault.unlock"),
            ("vcpu[0]", "vcpu.enter_guest"), ("vcpu[0]", "vcpu.update_apicv"),
        ]
        let result = try ModelScenes.run(model: "apic-access-zap", flags: ["apicv_request": "true"], schedule: schedule)
        let divergence = try XCTUnwrap(result.divergence, "the update lock must hold the vCPU off")
        XCTAssertEqual(divergence.stepIndex, 15)
        XCTAssertEqual(divergence.reason, .blocked)
        XCTAssertEqual(divergence.expected, ScheduleStep("vcpu[0]", "vcpu.update_apicv"))
        // Completion: only the inhibit can move; once it dropped the lock the vCPU services the
        // request and its next fault finds APICv inactive.
        let rest: [(String, String)] = [("inhibit[0]", "inhibit.done"), ("vcpu[0]", "vcpu.update_apicv"),
                                        ("vcpu[0]", "fault.snapshot_seq"), ("vcpu[0]", "fault.memslot")]
        XCTAssertEqual(result.observed, (schedule.dropLast() + rest).map(ScheduleStep.init))
        XCTAssertEqual(result.facts.faultOutcomes, [[.retry, .emulate]])
        XCTAssertFalse(result.kvm.vcpus[0].apicvActive, "kvm_vcpu_update_apicv copied the inhibit")
        XCTAssertFalse(result.kvm.vcpus[0].apicvUpdatePending)
        XCTAssertTrue(result.invariantHeld, result.invariantViolations.description)
    }

    /// Without the protocol the same vCPU never waits: there is no request and no lock step.
    func testWithoutTheProtocolNoVCPUWaits() throws {
        let result = try ModelScenes.run(model: "apic-access-zap", schedule: [])
        XCTAssertTrue(result.replay.allThreadsEnded)
        XCTAssertFalse(result.observed.contains { ["vcpu.enter_guest", "vcpu.update_apicv", "inhibit.kick"].contains($0.label) })
        XCTAssertTrue(result.kvm.vcpus[0].apicvActive, "no request was serviced")
    }

    /// A guest write to the APIC access page, mapped while APICv was active, does not reach the
    /// page once the inhibit has kicked the vCPUs and stored the reasons, even though the zap
    /// has not run yet: the vCPU blocks at guest entry until the zap returned, then takes a
    /// fault and the write is emulated (the kernel's order, which `guestAccess` documents).
    func testAGuestAccessBetweenTheStoreAndTheZapIsHeldOffAndEmulated() throws {
        var variant = ProtocolVariant()
        variant.apicvRequest = true
        let points = SchedulePoints()
        let kvm = KVM(KVMConfiguration(vcpus: 1, variant: variant, guestPages: 2, physicalFrames: 64), points: points)
        XCTAssertEqual(kvm.guestAccess(vcpu: 0, gfn: KVM.apicAccessGFN, write: 1), .completed(value: 1))
        let hva = try XCTUnwrap(kvm.hva(of: KVM.apicAccessGFN))
        let apicPage = kvm.host.currentPFN(hva)
        let access = Mutex<KVM.AccessResult?>(nil)
        let threads = [
            ManagedThread(name: "vcpu[0]") {
                let r = kvm.guestAccess(vcpu: 0, gfn: KVM.apicAccessGFN, write: 2)
                access.withLock { $0 = r }
            },
            ManagedThread(name: "inhibit[0]") { kvm.inhibitAPICv(.hyperV) },
        ]
        let schedule = [ScheduleStep("inhibit[0]", "inhibit.kick"), ScheduleStep("inhibit[0]", "inhibit.set"),
                        ScheduleStep("vcpu[0]", "vcpu.enter_guest"), ScheduleStep("vcpu[0]", "vcpu.update_apicv")]
        let result = Scheduler(points: points, watchdogSeconds: 5).run(threads: threads, schedule: schedule)
        XCTAssertTrue(result.allThreadsEnded, result.failureMessage ?? "")
        XCTAssertEqual(result.divergence?.stepIndex, 3)
        XCTAssertEqual(result.divergence?.reason, .blocked)
        let observed = result.observed.map(\.label)
        let serviced = try XCTUnwrap(observed.firstIndex(of: "vcpu.update_apicv"))
        XCTAssertLessThan(try XCTUnwrap(observed.firstIndex(of: "inhibit.done")), serviced)
        XCTAssertEqual(access.withLock { $0 }, .emulated)
        XCTAssertEqual(kvm.memory.word(apicPage, 0).pointee.load(ordering: .relaxed), 1, "the write reached the page")
        XCTAssertEqual(kvm.events.recordedViolations, [])
    }
}
