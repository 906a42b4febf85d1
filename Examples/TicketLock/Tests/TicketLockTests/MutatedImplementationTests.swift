import Interleaving
import ReplayTesting
import Synchronization
import TestGen
import TicketLock
import TicketLockModel
import TicketLockReplay
import XCTest

/// The implementation changed so that it no longer follows the model fails its generated
/// replay, and the failure names the first step where it diverged and both labels.
final class MutatedImplementationTests: XCTestCase {
    /// `TicketLock` as someone might "simplify" it: the load and the store of the racy take
    /// are merged into one step, so the implementation never reaches `lock.store`.
    final class MergedTakeLock: TicketLocking {
        let nextTicket = Atomic<UInt8>(0)
        let nowServing = Atomic<UInt8>(0)
        let points: SchedulePoints

        init(points: SchedulePoints) { self.points = points }

        func lock() {
            points.reach("lock.load")
            let ticket = nextTicket.load(ordering: .acquiring)
            nextTicket.store(ticket &+ 1, ordering: .releasing)
            points.reach("lock.wait", enabledWhen: { self.nowServing.load(ordering: .acquiring) == ticket })
            while nowServing.load(ordering: .acquiring) != ticket {}
        }

        func unlock() {
            points.reach("unlock")
            nowServing.wrappingAdd(1, ordering: .releasing)
        }
    }

    /// Each racy-take counterexample as its generated file holds it.
    func counterexamples() throws -> [ReplayCounterexample] {
        let generator = ReplayTestGenerator(catalog: TicketLockModel.catalog, maxCounterexamples: 2)
        return try generator.cases(model: TicketLockModel.model, preset: "racy-take").map { c in
            ReplayCounterexample(model: c.model, preset: c.preset, flags: c.flags, parameters: c.parameters,
                                 data: [:], labels: c.labels, schedule: c.schedule.map { ($0.instance, $0.label) },
                                 property: c.violation, kind: c.deadlock ? .deadlock : .property,
                                 fixedPreset: c.fixed?.preset ?? "", fixedFlags: c.fixed?.flags ?? [:])
        }
    }

    func testTheRealLockReplaysEveryCounterexample() throws {
        for ce in try counterexamples() {
            XCTAssertEqual(try Replay.witness(ce, on: TicketLockTarget.shared), [], ce.property)
            XCTAssertEqual(try Replay.regression(ce, on: TicketLockTarget.shared), [], ce.property)
        }
    }

    func testAMutatedLockFailsNamingTheFirstDivergentLabel() throws {
        let mutated = TicketLockTarget(makeLock: { _, points in MergedTakeLock(points: points) })
        for ce in try counterexamples() {
            let store = try XCTUnwrap(ce.schedule.firstIndex { $0.label == "lock.store" })
            let failures = try Replay.witness(ce, on: mutated)
            let thread = ce.schedule[store].thread
            XCTAssertEqual(failures.first, "schedule diverged at step \(store + 1): expected \(thread) at 'lock.store', "
                           + "observed \(thread) at 'lock.wait'", "\(failures)")
        }
    }
}
