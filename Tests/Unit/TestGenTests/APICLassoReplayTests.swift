import Interleaving
import KVMReplayAdapter
import Models
import ReplayTesting
import TestGen
import XCTest

/// apic-access-zap's liveness counterexample replays on KVMMMU: with the seq snapshot and
/// kvm_faultin_pfn hoisted out of the retry loop, the real fault re-takes mmu_lock and fails its
/// retry check lap after lap with nothing changed; on retry-forever the same schedule emulates.
final class APICLassoReplayTests: XCTestCase {
    /// faultin-once's first lasso as the generator finds it, as a generated file holds it (with
    /// `flags` for the witness's preset).
    func lasso(flags: [String: String] = [:]) throws -> ReplayLasso {
        let model = try ModelCatalog.model(named: "apic-access-zap")
        let c = try XCTUnwrap(try Fixtures.generator().cases(model: model, preset: "faultin-once").first)
        XCTAssertEqual(c.loopStart, 12)
        XCTAssertEqual(c.fixed?.preset, "retry-forever")
        return ReplayLasso(model: c.model, preset: c.preset, flags: c.flags.merging(flags) { $1 }, parameters: c.parameters,
                           data: Dictionary(uniqueKeysWithValues: c.data.map { ($0.name, Int64($0.value)) }),
                           labels: c.labels, stem: c.stem.map { ($0.instance, $0.label) },
                           loop: c.loop.map { ($0.instance, $0.label) }, property: c.violation,
                           fixedPreset: c.fixed?.preset ?? "", fixedFlags: c.fixed?.flags ?? [:])
    }

    func testTheHoistedFaultinLoopsOnKVMMMUAndTheFixedVariantEmulates() throws {
        let l = try lasso()
        XCTAssertEqual(l.loop.map(\.label), ["fault.unlock", "fault.lock", "fault.retry_check"])
        XCTAssertEqual(try Replay.lassoWitness(l, on: KVMTarget.apicAccessZap), [])
        XCTAssertEqual(try Replay.lassoRegression(l, on: KVMTarget.apicAccessZap), [])
    }

    /// A KVMMMU that redoes the faultin on every fault (the kernel) leaves the model's loop at
    /// its second step: after RET_PF_RETRY it is at `fault.snapshot_seq`, not `fault.lock`.
    func testAnImplementationThatRedoesTheFaultinFailsNamingTheFirstDivergence() throws {
        let failures = try Replay.lassoWitness(try lasso(flags: ["faultin_each_attempt": "true"]), on: KVMTarget.apicAccessZap)
        XCTAssertEqual(failures.first, "schedule diverged at step 14: expected vcpu[0] at 'fault.lock', "
                       + "observed vcpu[0] at 'fault.snapshot_seq'")
    }
}
