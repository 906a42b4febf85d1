import ModelChecker
import Models
import ProtocolDSL
import TestGen
import XCTest

/// Fixed inputs shared by the TestGen tests.
enum Fixtures {
    /// The program of `model` on `preset`.
    static func program(_ model: String, _ preset: String) throws -> Program {
        let m = try ModelCatalog.model(named: model)
        return try m.instantiate(try m.configuration(preset: preset))
    }

    /// The replay case of `trace` of `program` (an instance of a catalog model) on `preset`.
    static func replayCase(_ trace: Trace, _ program: Program, preset: String, number: Int,
                           maxCounterexamples: Int) throws -> ReplayCase {
        let model = try ModelCatalog.model(named: program.modelName)
        return try ReplayCase(trace: trace, program: program, model: model, preset: preset, number: number,
                              maxCounterexamples: maxCounterexamples,
                              target: try XCTUnwrap(ModelCatalog.catalog.replayTargets[model.name]))
    }

    /// A generator over this repository's catalog.
    static func generator(maxCounterexamples: Int = 1) -> ReplayTestGenerator {
        ReplayTestGenerator(catalog: ModelCatalog.catalog, maxCounterexamples: maxCounterexamples)
    }

    /// The trace of a fixed `(instance, label)` schedule with fixed data choices (slot name -> value),
    /// built by the reference interpreter (no search involved).
    static func trace(_ program: Program, data: [String: Int64] = [:], _ steps: [(String, String)]) throws -> Trace {
        let interp = Interpreter(layout: StateLayout(program))
        let names = program.instances.indices.map(program.instanceName)
        var initial: [Int: Int64] = [:]
        for slot in interp.choiceSlots {
            if let v = data[interp.layout.names[slot]] { initial[slot] = v }
        }
        let scheduled = steps.map { ScheduledStep(instance: names.firstIndex(of: $0.0) ?? -1) }
        let trace = try interp.trace(of: Schedule(initialChoices: initial, steps: scheduled))
        precondition(trace.schedule.map(\.label) == steps.map(\.1), "fixture schedule does not follow the model's labels")
        return trace
    }

    /// The seed race (SeedRaceReplayTests) up to the step where the model's invariant fails.
    static let seedRace: [(String, String)] = [
        ("vcpu[0]", "fault.snapshot_seq"), ("vcpu[0]", "fault.memslot"),
        ("inhibit[0]", "inhibit.set"), ("inhibit[0]", "zap.lock"),
        ("vcpu[0]", "fault.lock"), ("vcpu[0]", "fault.retry_check"),
        ("inhibit[0]", "zap.inc_count"), ("inhibit[0]", "zap.clear_spte"), ("inhibit[0]", "zap.seq_inc"),
        ("inhibit[0]", "zap.count_dec"), ("inhibit[0]", "zap.unlock"), ("inhibit[0]", "inhibit.done"),
        ("vcpu[0]", "fault.map"),
    ]

    /// A whole invalidation between the fault's pfn lookup and its lock (NotifierRaceReplayTests).
    static let notifierRace: [(String, String)] = [
        ("vcpu[0]", "fault.snapshot_seq"), ("vcpu[0]", "fault.gup"),
        ("invalidator[0]", "inv.start_lock"), ("invalidator[0]", "inv.begin"), ("invalidator[0]", "inv.unmap"),
        ("invalidator[0]", "inv.start_unlock"), ("invalidator[0]", "inv.host_update"),
        ("invalidator[0]", "inv.end_lock"), ("invalidator[0]", "inv.end"), ("invalidator[0]", "inv.end_unlock"),
        ("vcpu[0]", "fault.lock"), ("vcpu[0]", "fault.retry_check"), ("vcpu[0]", "fault.map"),
    ]
}
