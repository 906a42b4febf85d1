import Foundation
import ModelChecker
import Models
@testable import TestGen
import XCTest

/// The emitter's output for small fixed traces is exactly the text in `Golden/`.
///
/// To update a golden file after an intended change of the emitter, run the tests once with
/// `MMUSPEC_RECORD_GOLDEN=1` and review the diff.
final class GoldenEmitterTests: XCTestCase {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    func assertGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["MMUSPEC_RECORD_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text, golden, "emitter output differs from \(name)", file: file, line: line)
    }

    func testSeedRaceWitnessSourceMatchesGolden() throws {
        let program = try Fixtures.program("apic-access-zap", "zap-read-lock-bump")
        let trace = try Fixtures.trace(program, Fixtures.seedRace)
        XCTAssertEqual(trace.violation?.name, "apic_unmapped_after_inhibit")
        let c = try Fixtures.replayCase(trace, program, preset: "zap-read-lock-bump", number: 1, maxCounterexamples: 1)
        try assertGolden(ReplayTestEmitter().source(of: c), "ApicAccessZap_ZapReadLockBump_CE1Tests.swift.golden")
    }

    func testNotifierRaceWithDataChoiceMatchesGolden() throws {
        let program = try Fixtures.program("notifier-invalidate", "no-retry")
        let trace = try Fixtures.trace(program, data: ["invalidator[0].lo": 0], Fixtures.notifierRace)
        XCTAssertEqual(trace.violation?.name, "spte_coherent")
        let c = try Fixtures.replayCase(trace, program, preset: "no-retry", number: 3, maxCounterexamples: 4)
        try assertGolden(ReplayTestEmitter().source(of: c), "NotifierInvalidate_NoRetry_CE3Tests.swift.golden")
    }

    /// A lasso (snapshot-once's first, as the liveness search finds it) is written as its stem,
    /// its loop and the loop's repetitions, with a lasso witness and a regression on the fixed preset.
    func testLassoSourceMatchesGolden() throws {
        let model = try ModelCatalog.model(named: "notifier-invalidate")
        let c = try XCTUnwrap(try Fixtures.generator().cases(model: model, preset: "snapshot-once").first)
        XCTAssertEqual(c.loopStart, 10)
        try assertGolden(ReplayTestEmitter().source(of: c), "NotifierInvalidate_SnapshotOnce_CE1Tests.swift.golden")
    }
}
