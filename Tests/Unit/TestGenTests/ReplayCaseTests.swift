import Models
@testable import TestGen
import XCTest

/// What the generator takes from a counterexample and what the header of a generated file says.
final class ReplayCaseTests: XCTestCase {
    func testCaseCarriesScheduleDataFlagsAndParameters() throws {
        let program = try Fixtures.program("notifier-invalidate", "no-retry")
        let trace = try Fixtures.trace(program, data: ["invalidator[0].lo": 0], Fixtures.notifierRace)
        let c = try Fixtures.replayCase(trace, program, preset: "no-retry", number: 2, maxCounterexamples: 3)
        XCTAssertEqual(c.schedule.map(\.instance), Fixtures.notifierRace.map(\.0))
        XCTAssertEqual(c.schedule.map(\.label), Fixtures.notifierRace.map(\.1))
        XCTAssertEqual(c.data, [DataChoice(name: "invalidator[0].lo", value: 0)])
        XCTAssertEqual(c.flags["retry_count"], "false")
        XCTAssertEqual(c.parameters["invalidators"], 1)
        XCTAssertEqual(c.depth, 13)
        XCTAssertEqual(c.violation, "spte_coherent")
        XCTAssertEqual(c.className, "NotifierInvalidate_NoRetry_CE2Tests")
        XCTAssertEqual(c.fileName, "NotifierInvalidate_NoRetry_CE2Tests.swift")
        XCTAssertEqual(c.command(tool: "mmuspec"), "swift run mmuspec emit-tests notifier-invalidate --variant no-retry --max-counterexamples 3")
    }

    func testHeaderNamesEverythingNeededToReproduce() throws {
        let program = try Fixtures.program("apic-access-zap", "zap-read-lock-bump")
        let c = try Fixtures.replayCase(try Fixtures.trace(program, Fixtures.seedRace), program, preset: "zap-read-lock-bump", number: 1, maxCounterexamples: 1)
        let source = ReplayTestEmitter().source(of: c)
        let header = source.split(separator: "\n").prefix { $0.hasPrefix("//") }.joined(separator: "\n")
        XCTAssertTrue(GeneratedFile.isGenerated(source))
        for needle in ["DO NOT EDIT BY HAND", "Model:       apic-access-zap", "Preset:      zap-read-lock-bump",
                       "zap_lock=read", "zap_bumps_notifier=true", "Parameters:  retries=1, vcpus=1",
                       "Depth:       13 steps", "Regenerate:  swift run mmuspec emit-tests apic-access-zap --variant zap-read-lock-bump"] {
            XCTAssertTrue(header.contains(needle), "header lacks '\(needle)':\n\(header)")
        }
        XCTAssertTrue(source.contains("final class ApicAccessZap_ZapReadLockBump_CE1Tests: XCTestCase"))
        XCTAssertTrue(source.contains("func testWitness() throws"))
        XCTAssertTrue(source.contains("func testRegressionOnUpstream() throws"))
        // The generated file holds data and calls into the replay library; nothing in it is model code.
        XCTAssertTrue(source.contains("try Replay.witness(Self.counterexample, on: KVMTarget.apicAccessZap)"), source)
        XCTAssertTrue(source.contains("import KVMReplayAdapter"), source)
        XCTAssertTrue(header.contains("Target:      KVMTarget.apicAccessZap (KVMReplayAdapter)"), header)
    }

    func testMaxCounterexamplesYieldsDistinctSchedulesEachInItsOwnFile() throws {
        let generator = Fixtures.generator(maxCounterexamples: 3)
        let cases = try generator.cases(model: try ModelCatalog.model(named: "notifier-invalidate"), preset: "no-retry")
        XCTAssertGreaterThanOrEqual(cases.count, 2)
        XCTAssertLessThanOrEqual(cases.count, 3)
        XCTAssertEqual(cases.map(\.number), Array(1...cases.count))
        let schedules = cases.map { $0.schedule.map(\.description) }
        XCTAssertEqual(Set(schedules).count, cases.count, "counterexamples must have different schedules")
        let names = generator.files(for: cases).map(\.name)
        XCTAssertEqual(Set(names).count, cases.count)
        XCTAssertEqual(names.first, "NotifierInvalidate_NoRetry_CE1Tests.swift")
    }

    func testSafePresetYieldsNoCase() throws {
        let cases = try Fixtures.generator().cases(model: try ModelCatalog.model(named: "apic-access-zap"), preset: "upstream")
        XCTAssertEqual(cases, [])
    }

    func testUnknownPresetIsAnError() {
        XCTAssertThrowsError(try Fixtures.generator().cases(model: try ModelCatalog.model(named: "apic-access-zap"),
                                                              preset: "nope")) { error in
            XCTAssertEqual(error as? TestGenError, .unknownPreset(model: "apic-access-zap", preset: "nope",
                                                                 valid: APICAccessZap.model.presets.map(\.name)))
        }
    }

    func testGenerationIsDeterministic() throws {
        let generator = Fixtures.generator(maxCounterexamples: 2)
        let a = generator.files(for: try generator.allCases())
        let b = generator.files(for: try generator.allCases())
        XCTAssertEqual(a, b)
    }
}
