import Foundation
import Models
import TestGen
import XCTest

/// The committed generated tests are exactly what the generator writes today.
final class FreshnessTests: XCTestCase {
    /// The `--max-counterexamples` the committed files were generated with (their Regenerate line).
    static let committedMaxCounterexamples = 2
    /// Tests/GeneratedReplayTests, found from this file's path.
    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("GeneratedReplayTests")

    func testCommittedGeneratedTestsAreFresh() throws {
        let temp = FileManager.default.temporaryDirectory
            .appendingPathComponent("mmuspec-freshness-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temp) }
        let generator = ReplayTestGenerator(catalog: ModelCatalog.catalog, maxCounterexamples: Self.committedMaxCounterexamples)
        let files = generator.files(for: try generator.allCases())
        try GeneratedFileWriter(directory: temp).write(files, scope: .all)

        let fresh = try GeneratedFileWriter(directory: temp).existingGeneratedFiles()
        let committed = try GeneratedFileWriter(directory: Self.committed).existingGeneratedFiles()
        let hint = "regenerate with: swift run mmuspec emit-tests --all --max-counterexamples \(Self.committedMaxCounterexamples)"
        XCTAssertEqual(committed, fresh, "the set of generated files differs; \(hint)")
        for name in fresh {
            let new = try String(contentsOf: temp.appendingPathComponent(name), encoding: .utf8)
            let old = try? String(contentsOf: Self.committed.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(old, new, "\(name) differs from the generator's output (never edit it by hand); \(hint)")
        }
    }

    func testEveryViolatedPresetHasACommittedFile() throws {
        let committed = try GeneratedFileWriter(directory: Self.committed).existingGeneratedFiles()
        let expected = [
            "ApicAccessZap_ZapReadLock", "ApicAccessZap_ZapReadLockBump", "ApicAccessZap_ZapNoBump",
            "ApicAccessZap_NoRetryCheck", "ApicAccessZap_SeqAfterSlot",
            "NotifierInvalidate_NoRetry", "NotifierInvalidate_CountOnly", "NotifierInvalidate_SeqOnly",
            "NotifierInvalidate_RangeOverwrite", "NotifierInvalidate_SnapshotOnce", "TdpSharedFault_PlainStore",
        ]
        for prefix in expected {
            XCTAssertTrue(committed.contains(prefix + "_CE1Tests.swift"), "no generated test for \(prefix)")
        }
        for model in ModelCatalog.all {
            for preset in model.presets where preset.expected == .holds {
                let name = "\(model.name)/\(preset.name)"
                XCTAssertFalse(committed.contains { $0.lowercased().hasPrefix(name.replacingOccurrences(of: "-", with: "")
                    .replacingOccurrences(of: "/", with: "_") + "_ce") }, "a safe preset got a witness: \(name)")
            }
        }
    }
}
