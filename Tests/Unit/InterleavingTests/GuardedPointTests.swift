import Interleaving
import Synchronization
import XCTest

/// A guarded schedule point is a step the scheduler runs only while its guard holds.
final class GuardedPointTests: XCTestCase {
    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// `waiter` spins until `setter` raised the flag; the spin is the guarded step `wait`.
    func threads(_ points: SchedulePoints, _ flag: Flag) -> [ManagedThread] {
        [
            ManagedThread(name: "waiter[0]") {
                points.reach("wait", enabledWhen: { flag.value.load(ordering: .acquiring) })
                while !flag.value.load(ordering: .acquiring) {}
                points.reach("done")
            },
            ManagedThread(name: "setter[0]") {
                points.reach("set")
                flag.value.store(true, ordering: .releasing)
            },
        ]
    }

    func testAStepWhoseGuardIsFalseIsBlockedNotRun() {
        let points = SchedulePoints()
        let result = Scheduler(points: points, watchdogSeconds: 2)
            .run(threads: threads(points, Flag()), schedule: [ScheduleStep("waiter[0]", "wait")])
        XCTAssertEqual(result.divergence?.reason, .blocked, result.failureMessage ?? "")
        XCTAssertEqual(result.divergence?.stepIndex, 0)
        // Completion runs the setter first (the waiter is not enabled), then the waiter.
        XCTAssertEqual(result.observed, [ScheduleStep("setter[0]", "set"), ScheduleStep("waiter[0]", "wait"),
                                         ScheduleStep("waiter[0]", "done")])
        XCTAssertTrue(result.allThreadsEnded)
    }

    func testTheGuardedStepRunsOnceItsGuardHolds() {
        let points = SchedulePoints()
        let schedule = [ScheduleStep("setter[0]", "set"), ScheduleStep("waiter[0]", "wait"), ScheduleStep("waiter[0]", "done")]
        let result = Scheduler(points: points, watchdogSeconds: 2).run(threads: threads(points, Flag()), schedule: schedule)
        XCTAssertTrue(result.followedSchedule, result.failureMessage ?? "")
        XCTAssertEqual(result.observed, schedule)
    }
}
