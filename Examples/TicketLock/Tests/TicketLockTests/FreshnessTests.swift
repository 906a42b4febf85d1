import Foundation
import TestGen
import TicketLockModel
import XCTest

/// The committed generated replays are exactly what `ticketlock-mmuspec emit-tests --all
/// --max-counterexamples 2` writes today.
final class FreshnessTests: XCTestCase {
    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("GeneratedReplayTests")

    func testCommittedGeneratedTestsAreFresh() throws {
        let generator = ReplayTestGenerator(catalog: TicketLockModel.catalog, maxCounterexamples: 2,
                                            emitter: ReplayTestEmitter(tool: "ticketlock-mmuspec"))
        let fresh = generator.files(for: try generator.allCases())
        let committed = try GeneratedFileWriter(directory: Self.committed).existingGeneratedFiles()
        let hint = "regenerate with: swift run ticketlock-mmuspec emit-tests --all --max-counterexamples 2"
        XCTAssertEqual(committed, fresh.map(\.name).sorted(), hint)
        for file in fresh {
            let old = try? String(contentsOf: Self.committed.appendingPathComponent(file.name), encoding: .utf8)
            XCTAssertEqual(old, file.contents, "\(file.name) differs from the generator's output; \(hint)")
        }
        // racy-take has both bugs of a racy ticket: two threads inside, and a lost ticket that deadlocks.
        XCTAssertEqual(Set(try generator.allCases().map(\.violation)), ["mutual_exclusion", "deadlock"])
    }
}
