import Interleaving
import KVMReplayAdapter
import Models
import ReplayTesting
import TestGen
import XCTest

/// A liveness counterexample replays on KVMMMU as a lasso: the stem, then the loop three times,
/// back at the same real state each time with nothing achieved; on the fixed variant the same
/// schedule ends in progress. A KVMMMU that does not follow the model's loop, or a loop that
/// changes the real state, fails, saying where.
final class LassoReplayTests: XCTestCase {
    /// snapshot-once's first lasso as the generator finds it.
    func lassoCase() throws -> ReplayCase {
        let model = try ModelCatalog.model(named: "notifier-invalidate")
        let c = try XCTUnwrap(try Fixtures.generator().cases(model: model, preset: "snapshot-once").first)
        XCTAssertEqual(c.loopStart, 10)
        XCTAssertEqual(c.fixed?.preset, "retry-forever")
        return c
    }

    /// The lasso as a generated file holds it, with `flags` for the witness's preset.
    func lasso(_ c: ReplayCase, flags: [String: String]? = nil) -> ReplayLasso {
        ReplayLasso(model: c.model, preset: c.preset, flags: flags ?? c.flags, parameters: c.parameters,
                    data: Dictionary(uniqueKeysWithValues: c.data.map { ($0.name, Int64($0.value)) }),
                    labels: c.labels, stem: c.stem.map { ($0.instance, $0.label) },
                    loop: c.loop.map { ($0.instance, $0.label) }, property: c.violation,
                    fixedPreset: c.fixed?.preset ?? "", fixedFlags: c.fixed?.flags ?? [:])
    }

    func testTheHoistedSnapshotLoopsOnKVMMMUAndTheFixedVariantProgresses() throws {
        let c = try lassoCase()
        let l = lasso(c)
        XCTAssertEqual(l.repetitions, 3)
        XCTAssertEqual(l.loop.map(\.label), ["fault.lock", "fault.retry_check", "fault.unlock", "fault.gup"])
        XCTAssertEqual(try Replay.lassoWitness(l, on: KVMTarget.notifierInvalidate), [])
        XCTAssertEqual(try Replay.lassoRegression(l, on: KVMTarget.notifierInvalidate), [])
    }

    /// A KVMMMU that snapshots the seq on every fault (the fixed code) leaves the model's loop
    /// at its last step: after RET_PF_RETRY it is at `fault.snapshot_seq`, not `fault.gup`.
    func testAnImplementationThatSnapshotsEachAttemptFailsNamingTheFirstDivergence() throws {
        let c = try lassoCase()
        var flags = c.flags
        flags["snapshot_each_attempt"] = "true"
        let failures = try Replay.lassoWitness(lasso(c, flags: flags), on: KVMTarget.notifierInvalidate)
        XCTAssertEqual(failures.first, "schedule diverged at step 14: expected vcpu[0] at 'fault.gup', "
                       + "observed vcpu[0] at 'fault.snapshot_seq'")
    }

    /// KVMMMU with a target that also observes a lap counter: the state at the second and third
    /// returns differs from the first, and the witness says which entries and how.
    func testAStateThatChangesFromLapToLapFailsTheWitness() throws {
        let c = try lassoCase()
        let failures = try Replay.lassoWitness(lasso(c), on: LapCountingTarget())
        XCTAssertEqual(failures, [
            "after step 18 (return 2 to the loop's start) the real state differs from the first return (after step 14): laps: 1 -> 2",
            "after step 22 (return 3 to the loop's start) the real state differs from the first return (after step 14): laps: 1 -> 3",
        ])
    }

    /// The regression replay needs progress: on the lasso's own preset the completion retries
    /// the fault forever, and the regression fails.
    func testTheRegressionFailsWhereTheFaultNeverProgresses() throws {
        let c = try lassoCase()
        let own = ReplayLasso(model: c.model, preset: c.preset, flags: c.flags, parameters: c.parameters,
                              data: Dictionary(uniqueKeysWithValues: c.data.map { ($0.name, Int64($0.value)) }),
                              labels: c.labels, stem: c.stem.map { ($0.instance, $0.label) },
                              loop: c.loop.map { ($0.instance, $0.label) }, property: c.violation,
                              fixedPreset: c.preset, fixedFlags: c.flags)
        let failures = try Replay.lassoRegression(own, on: KVMTarget.notifierInvalidate, maxSteps: 2_000)
        XCTAssertTrue(failures.contains { $0.hasPrefix("step budget of") }, "\(failures)")
        XCTAssertTrue(failures.contains { $0.hasPrefix("every thread must finish; unfinished: [vcpu[0]") }, "\(failures)")
    }
}

/// KVMTarget.notifierInvalidate, observing also how many snapshots it took (a value that grows
/// every lap).
struct LapCountingTarget: ReplayTarget {
    final class Laps: @unchecked Sendable { var count = 0 }
    var model: String { KVMTarget.notifierInvalidate.model }

    func prepare(_ configuration: ReplayConfiguration) throws -> ReplayRun {
        let run = try KVMTarget.notifierInvalidate.prepare(configuration)
        let laps = Laps()
        return ReplayRun(points: run.points, threads: run.threads, violation: run.violation, damage: run.damage,
                         observe: {
                             laps.count += 1
                             var state = run.observe?() ?? [:]
                             state["laps"] = String(laps.count)
                             return state
                         }, progress: run.progress)
    }
}
