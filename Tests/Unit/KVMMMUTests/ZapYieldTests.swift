import Interleaving
import KVMMMU
import Synchronization
import XCTest

/// `kvm_zap_gfn_range` yields mmu_lock to a waiter only after forward progress, as the kernel's
/// `tdp_mmu_iter_cond_resched` does: `tdp_iter_start` seeds `yielded_gfn` with the walk's start
/// gfn, so the zap cannot yield before it has zapped anything.
///
/// The zap runs as a managed thread (its schedule points are observable); a plain thread blocks on
/// the real mmu_lock while the zap holds it, so `rwlock_needbreak` (`hasWaiters`) is true when
/// the zap starts walking.
final class ZapYieldTests: XCTestCase {
    /// What the zap had done when it first dropped mmu_lock.
    struct FirstUnlock {
        var index: Int
        var zapped: [GFN]
    }

    /// Maps `mapped`, then zaps `range` with a waiter on mmu_lock; returns the observed steps and,
    /// at the first `zap.unlock` point (a yield or the final unlock), which gfns were zapped.
    func zapWithWaiter(mapped: [GFN], range: Range<GFN>) throws -> (steps: [ScheduleStep], first: FirstUnlock?) {
        let points = SchedulePoints()
        let kvm = KVM(KVMConfiguration(vcpus: 1, guestPages: 4, physicalFrames: 64, apicAccessPage: false), points: points)
        for gfn in mapped { XCTAssertEqual(kvm.pageFault(vcpu: 0, gfn: gfn), .fixed) }
        let waiterDone = Atomic<Bool>(false)
        let scheduler = Scheduler(points: points, watchdogSeconds: 5)
        var waiterStarted = false
        // After each executed step every managed thread is parked at its next point: the zapped
        // gfns recorded after step k are the state at the point of step k+1.
        var zappedAfter: [[GFN]] = []
        let zap = ManagedThread(name: "zap[0]") { kvm.zapGFNRange(range) }
        let result = scheduler.run(threads: [zap], schedule: []) { executed in
            // After `zap.lock` the zap holds mmu_lock (write): start a plain thread that blocks
            // on the lock, and wait until it is a waiter.
            if executed.step.label == "zap.lock", !waiterStarted {
                waiterStarted = true
                Thread {
                    kvm.mmuLock.lock(.shared, at: nil)
                    kvm.mmuLock.unlock(.shared)
                    waiterDone.store(true, ordering: .sequentiallyConsistent)
                }.start()
                let deadline = Date().addingTimeInterval(5)
                while !kvm.mmuLock.hasWaiters && Date() < deadline { usleep(100) }
                XCTAssertTrue(kvm.mmuLock.hasWaiters, "the waiter never blocked on mmu_lock")
            }
            zappedAfter.append(mapped.filter { !kvm.tdp.leafSPTE($0).isPresent })
        }
        var first: FirstUnlock?
        if let index = result.observed.firstIndex(where: { $0.label == "zap.unlock" }), index > 0 {
            first = FirstUnlock(index: index, zapped: zappedAfter[index - 1])
        }
        let deadline = Date().addingTimeInterval(5)
        while !waiterDone.load(ordering: .sequentiallyConsistent) && Date() < deadline { usleep(100) }
        XCTAssertTrue(result.allThreadsEnded, result.failureMessage ?? "")
        XCTAssertTrue(waiterDone.load(ordering: .sequentiallyConsistent))
        for gfn in mapped where range.contains(gfn) { XCTAssertFalse(kvm.tdp.leafSPTE(gfn).isPresent) }
        return (result.observed, first)
    }

    /// A one-gfn zap (the APICv inhibit's) has no forward progress to yield after: it runs
    /// through in one hold even with a waiter, and zaps before it unlocks.
    func testOneGFNZapDoesNotYieldBeforeProgress() throws {
        let (steps, first) = try zapWithWaiter(mapped: [0], range: 0..<1)
        XCTAssertEqual(steps.map(\.label), ["zap.lock", "zap.inc_count", "zap.clear_spte", "zap.seq_inc",
                                            "zap.count_dec", "zap.unlock"])
        XCTAssertEqual(first?.zapped, [0], "the zap dropped mmu_lock before zapping gfn 0")
    }

    /// A two-gfn zap with a waiter yields once, after it zapped the first gfn and before the
    /// second, then re-walks from the root and finishes.
    func testZapYieldsOnlyAfterForwardProgress() throws {
        let (steps, first) = try zapWithWaiter(mapped: [0, 1], range: 0..<2)
        XCTAssertEqual(steps.map(\.label), ["zap.lock", "zap.inc_count", "zap.clear_spte", "zap.unlock", "zap.lock",
                                            "zap.seq_inc", "zap.count_dec", "zap.unlock"])
        XCTAssertEqual(first?.zapped, [0], "at the yield gfn 0 must be zapped and gfn 1 not yet")
    }
}
