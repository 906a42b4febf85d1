import Foundation
import ModelChecker
import Models
import ProtocolDSL
import RandomProtocols
import XCTest

/// notifier-invalidate's progress properties: declared only when the vCPU retries forever, held
/// by the kernel's protocol at one vCPU, violated when the seq snapshot is hoisted out of the
/// retry loop, with the same lasso from the explicit search and from BMC.
final class KVMLivenessTests: XCTestCase {
    func program(_ preset: String, _ overrides: [(String, String)] = []) throws -> Program {
        try program(NotifierInvalidate.model, preset, overrides)
    }

    func program(_ m: ProtocolModel, _ preset: String, _ overrides: [(String, String)] = []) throws -> Program {
        try m.instantiate(try m.configuration(preset: preset, overrides: overrides))
    }

    /// Each property's verdict, with the lasso's stem and loop lengths when violated.
    func verdicts(_ p: Program) throws -> [String] {
        try LivenessChecker(program: p).check().map { r in
            switch r.outcome {
            case .violated(let l): return "\(r.property) violated \(l.stemLength)+\(l.loopLength)"
            case .holds, .proved: return "\(r.property) holds"
            case .unknown(let why): return "\(r.property) unknown \(why)"
            }
        }
    }

    func testBoundedRetriesDeclareNoProgressProperty() throws {
        try assertProgressOnlyWhenRetryingForever(NotifierInvalidate.model,
                                                  ["fault_completes_alone", "fault_completes", "invalidation_completes"])
    }

    func testEveryAttemptSnapshottingTheSeqCompletesTheFault() throws {
        XCTAssertEqual(try verdicts(try program("retry-forever")),
                       ["fault_completes_alone holds", "fault_completes holds", "invalidation_completes holds"])
        // The legacy MMU's exclusive lock, at 2 vCPUs: still every fault completes.
        XCTAssertEqual(try verdicts(try program("retry-forever", [("fault_lock", "write"), ("vcpus", "2")])),
                       ["fault_completes_alone holds", "fault_completes holds", "invalidation_completes holds"])
    }

    /// The gap the model's doc comment states: two readers taking mmu_lock in turn keep the
    /// invalidator's write acquire disabled forever (the kernel's qrwlock would queue them).
    func testTwoReadersInTurnStarveTheInvalidatorInTheModel() throws {
        XCTAssertEqual(try verdicts(try program("retry-forever", [("vcpus", "2")])),
                       ["fault_completes_alone holds", "fault_completes violated 10+10",
                        "invalidation_completes violated 10+10"])
    }

    func testAHoistedSnapshotRetriesForeverAfterOneInvalidation() throws {
        let p = try program("snapshot-once")
        XCTAssertEqual(try verdicts(p),
                       ["fault_completes_alone violated 10+4", "fault_completes violated 10+4", "invalidation_completes holds"])
        // BMC on the liveness-to-safety translation finds a lasso of the same lengths (15 s in a
        // debug build: with MMUSPEC_SLOW_TESTS=1 only).
        guard SlowTests.enabled else { return }
        let one = try p.selectingProperties(["fault_completes_alone"])
        guard case .violated(let l)? = try SymbolicLivenessChecker(program: one).check(maxDepth: 16).first?.outcome else {
            return XCTFail("bmc must find the hoisted snapshot's lasso")
        }
        XCTAssertEqual([l.stemLength, l.loopLength], [10, 4])
        XCTAssertEqual(l.trace.schedule.suffix(4).map(\.label), ["fault.lock", "fault.retry_check", "fault.unlock", "fault.gup"])
    }
}
