import Interleaving
import Synchronization
import XCTest

/// A shared log that threads append to between schedule points.
private final class Log: Sendable {
    let entries = PosixMutex<[String]>([])
    func append(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

final class SchedulerTests: XCTestCase {
    private func counterThreads(points: SchedulePoints, log: Log) -> [ManagedThread] {
        (0..<2).map { index in
            ManagedThread(name: "t[\(index)]") {
                points.reach("a")
                log.append("t\(index).a")
                points.reach("b")
                log.append("t\(index).b")
            }
        }
    }

    func testFollowsTheRequestedScheduleExactly() {
        let points = SchedulePoints()
        let log = Log()
        let schedule = [ScheduleStep("t[1]", "a"), ScheduleStep("t[0]", "a"), ScheduleStep("t[0]", "b"), ScheduleStep("t[1]", "b")]
        let result = Scheduler(points: points).run(threads: counterThreads(points: points, log: log), schedule: schedule)
        XCTAssertTrue(result.followedSchedule, result.failureMessage ?? "")
        XCTAssertEqual(result.observed, schedule)
        XCTAssertEqual(log.all, ["t1.a", "t0.a", "t0.b", "t1.b"])
        XCTAssertTrue(result.allThreadsEnded)
    }

    func testCompletionRunsLowestIndexFirst() {
        let points = SchedulePoints()
        let log = Log()
        let result = Scheduler(points: points).run(threads: counterThreads(points: points, log: log),
                                                   schedule: [ScheduleStep("t[1]", "a")])
        XCTAssertNil(result.divergence)
        XCTAssertEqual(result.observed.map(\.description), ["t[1] a", "t[0] a", "t[0] b", "t[1] b"])
        XCTAssertEqual(log.all, ["t1.a", "t0.a", "t0.b", "t1.b"])
    }

    /// Without completion the run stops after the requested steps, the other threads stay
    /// parked, and each step reports where every thread is.
    func testWithoutCompletionTheRunStopsAfterTheScheduleAndReportsPositions() {
        let points = SchedulePoints()
        let log = Log()
        var positions: [[String]] = []
        let result = Scheduler(points: points).run(threads: counterThreads(points: points, log: log),
                                                   schedule: [ScheduleStep("t[1]", "a"), ScheduleStep("t[1]", "b")],
                                                   complete: false) { positions.append($0.positions) }
        XCTAssertNil(result.divergence)
        XCTAssertEqual(result.requestedStepsRun, 2)
        XCTAssertEqual(log.all, ["t1.a", "t1.b"])
        XCTAssertEqual(result.unfinished, [ScheduleStep("t[0]", "a")])
        XCTAssertEqual(positions, [["t[0] a", "t[1] b"], ["t[0] a", "t[1] finished"]])
    }

    func testWrongLabelIsReportedWithStepExpectedAndObserved() {
        let points = SchedulePoints()
        let log = Log()
        let schedule = [ScheduleStep("t[0]", "a"), ScheduleStep("t[0]", "c"), ScheduleStep("t[1]", "a")]
        let result = Scheduler(points: points).run(threads: counterThreads(points: points, log: log), schedule: schedule)
        let divergence = try? XCTUnwrap(result.divergence)
        XCTAssertEqual(divergence?.stepIndex, 1)
        XCTAssertEqual(divergence?.reason, .otherLabel)
        XCTAssertEqual(divergence?.observed, ScheduleStep("t[0]", "b"))
        let message = divergence?.message ?? ""
        XCTAssertTrue(message.contains("step 2"), message)
        XCTAssertTrue(message.contains("'c'"), message)
        XCTAssertTrue(message.contains("'b'"), message)
        XCTAssertTrue(result.allThreadsEnded, "the run must finish deterministically after a divergence")
        XCTAssertEqual(log.all.count, 4)
    }

    func testFinishedAndUnknownThreadsDiverge() {
        let points = SchedulePoints()
        let finished = Scheduler(points: points).run(
            threads: counterThreads(points: points, log: Log()),
            schedule: [ScheduleStep("t[0]", "a"), ScheduleStep("t[0]", "b"), ScheduleStep("t[0]", "a")])
        XCTAssertEqual(finished.divergence?.reason, .finished)
        XCTAssertEqual(finished.divergence?.stepIndex, 2)
        let unknown = Scheduler(points: points).run(threads: counterThreads(points: points, log: Log()),
                                                    schedule: [ScheduleStep("t[7]", "a")])
        XCTAssertEqual(unknown.divergence?.reason, .unknownThread)
        XCTAssertTrue(unknown.allThreadsEnded)
    }

    func testBlockedLockStepDivergesAndCompletes() {
        let points = SchedulePoints()
        let lock = ControlledRWLock(name: "rw", points: points)
        let threads = [
            ManagedThread(name: "reader[0]") {
                lock.lock(.shared, at: "r.lock")
                points.reach("r.unlock")
                lock.unlock(.shared)
            },
            ManagedThread(name: "writer[0]") {
                lock.lock(.exclusive, at: "w.lock")
                points.reach("w.unlock")
                lock.unlock(.exclusive)
            },
        ]
        let result = Scheduler(points: points).run(threads: threads, schedule: [
            ScheduleStep("reader[0]", "r.lock"), ScheduleStep("writer[0]", "w.lock"),
        ])
        XCTAssertEqual(result.divergence?.reason, .blocked)
        XCTAssertEqual(result.divergence?.stepIndex, 1)
        XCTAssertTrue(result.divergence?.message.contains("blocked") ?? false)
        XCTAssertEqual(result.observed.map(\.description), ["reader[0] r.lock", "reader[0] r.unlock", "writer[0] w.lock", "writer[0] w.unlock"])
        XCTAssertFalse(result.deadlocked)
        // Two readers share the lock.
        let shared = Scheduler(points: points).run(threads: [
            ManagedThread(name: "a") { lock.lock(.shared, at: "l"); points.reach("u"); lock.unlock(.shared) },
            ManagedThread(name: "b") { lock.lock(.shared, at: "l"); points.reach("u"); lock.unlock(.shared) },
        ], schedule: [ScheduleStep("a", "l"), ScheduleStep("b", "l"), ScheduleStep("b", "u"), ScheduleStep("a", "u")])
        XCTAssertTrue(shared.followedSchedule, shared.failureMessage ?? "")
    }

    func testDeadlockIsReportedNotHung() {
        let points = SchedulePoints()
        let first = ControlledMutex(name: "m1", points: points)
        let second = ControlledMutex(name: "m2", points: points)
        let threads = [
            ManagedThread(name: "x") { first.lock(at: "x.m1"); second.lock(at: "x.m2"); second.unlock(); first.unlock() },
            ManagedThread(name: "y") { second.lock(at: "y.m2"); first.lock(at: "y.m1"); first.unlock(); second.unlock() },
        ]
        let result = Scheduler(points: points).run(threads: threads, schedule: [ScheduleStep("x", "x.m1"), ScheduleStep("y", "y.m2")])
        XCTAssertNil(result.divergence)
        XCTAssertTrue(result.deadlocked)
        XCTAssertEqual(Set(result.unfinished), [ScheduleStep("x", "x.m2"), ScheduleStep("y", "y.m1")])
        XCTAssertNotNil(result.failureMessage)
    }

    func testWatchdogTurnsAHangIntoAFailure() {
        let points = SchedulePoints()
        let release = Atomic<Bool>(false)
        let threads = [ManagedThread(name: "spinner") {
            points.reach("start")
            while !release.load(ordering: .relaxed) { usleep(1000) }
        }]
        let started = Date()
        let result = Scheduler(points: points, watchdogSeconds: 0.3).run(threads: threads, schedule: [ScheduleStep("spinner", "start")])
        release.store(true, ordering: .relaxed)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertNotNil(result.watchdogMessage)
        XCTAssertTrue(result.failureMessage?.contains("spinner") ?? false)
    }

    func testAfterStepRunsAfterEveryStepWhileThreadsAreParked() {
        let points = SchedulePoints()
        let log = Log()
        var seen: [(Int, String, Int)] = []
        let result = Scheduler(points: points).run(threads: counterThreads(points: points, log: log),
                                                   schedule: [ScheduleStep("t[0]", "a")]) { executed in
            seen.append((executed.index, executed.step.description, log.all.count))
        }
        XCTAssertEqual(seen.map(\.0), [0, 1, 2, 3])
        XCTAssertEqual(seen.map(\.1), result.observed.map(\.description))
        // Each step's effect is visible when its callback runs.
        XCTAssertEqual(seen.map(\.2), [1, 2, 3, 4])
    }

    func testLabelFilterSkipsPointsTheThreadDoesNotHonour() {
        let points = SchedulePoints()
        let threads = [ManagedThread(name: "f", labels: ["a", "c"]) {
            points.reach("a"); points.reach("b"); points.reach("c")
        }]
        let result = Scheduler(points: points).run(threads: threads, schedule: [ScheduleStep("f", "a"), ScheduleStep("f", "c")])
        XCTAssertTrue(result.followedSchedule, result.failureMessage ?? "")
        XCTAssertEqual(result.observed.map(\.label), ["a", "c"])
    }

    func testSameScheduleGivesSameObservationHundredTimes() {
        let points = SchedulePoints()
        var observations: Set<[ScheduleStep]> = []
        for _ in 0..<100 {
            let result = Scheduler(points: points).run(threads: counterThreads(points: points, log: Log()),
                                                       schedule: [ScheduleStep("t[1]", "a"), ScheduleStep("t[0]", "a")])
            observations.insert(result.observed)
        }
        XCTAssertEqual(observations.count, 1)
    }

    func testUnmanagedThreadsPassThroughPointsAndRealLocks() {
        let points = SchedulePoints()
        let lock = ControlledRWLock(name: "rw", points: points)
        points.reach("nothing")  // no scheduler: returns at once
        lock.lock(.exclusive, at: "x")
        XCTAssertTrue(lock.isOpen(for: .exclusive), "logical state is untouched by unmanaged use")
        lock.unlock(.exclusive)
        XCTAssertFalse(points.isActive)
        XCTAssertFalse(points.currentThreadIsManaged)
    }
}

/// `SchedulePoints.scheduleRequestsNext`: a managed thread with a choice between two points takes
/// the one the requested schedule continues with.
final class ScheduleChoiceTests: XCTestCase {
    /// Thread `t[0]` reaches `a`, then goes to `yield` or `b` as the schedule asks.
    private func choosingThread(points: SchedulePoints, log: Log) -> ManagedThread {
        ManagedThread(name: "t[0]") {
            points.reach("a")
            let yields = points.scheduleRequestsNext("yield")
            log.append(yields ? "yield" : "no-yield")
            points.reach(yields ? "yield" : "b")
        }
    }

    func testTheThreadTakesTheBranchItsNextRequestedStepNames() {
        for (next, want) in [("yield", "yield"), ("b", "no-yield")] {
            let points = SchedulePoints()
            let log = Log()
            let other = ManagedThread(name: "t[1]") { points.reach("x") }
            // t[1]'s step sits between t[0]'s two: the look-ahead is per thread.
            let schedule = [ScheduleStep("t[0]", "a"), ScheduleStep("t[1]", "x"), ScheduleStep("t[0]", next)]
            let result = Scheduler(points: points).run(threads: [choosingThread(points: points, log: log), other],
                                                       schedule: schedule)
            XCTAssertTrue(result.followedSchedule, result.failureMessage ?? "")
            XCTAssertEqual(result.observed, schedule)
            XCTAssertEqual(log.all, [want])
        }
    }

    func testWithNoFurtherRequestedStepTheThreadTakesNoYield() {
        let points = SchedulePoints()
        let log = Log()
        let result = Scheduler(points: points).run(threads: [choosingThread(points: points, log: log)],
                                                   schedule: [ScheduleStep("t[0]", "a")])
        XCTAssertTrue(result.allThreadsEnded)
        XCTAssertEqual(log.all, ["no-yield"])
        XCTAssertEqual(result.observed.map(\.label), ["a", "b"])
        XCTAssertFalse(points.scheduleRequestsNext("yield"), "an unmanaged caller is never asked")
    }
}
