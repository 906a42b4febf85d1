import Foundation
@testable import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// apic-access-zap's progress properties: declared only when the vCPU retries forever, held by
/// the kernel's protocol (every attempt redoes kvm_faultin_pfn, so a retry after the zap
/// emulates), violated when the seq snapshot and kvm_faultin_pfn are hoisted out of the retry
/// loop; the explicit search, BMC on the liveness-to-safety translation and the invisible
/// liveness proof give the same verdicts.
final class APICLivenessTests: XCTestCase {
    func program(_ preset: String, _ overrides: [(String, String)] = []) throws -> Program {
        let m = APICAccessZap.model
        return try m.instantiate(try m.configuration(preset: preset, overrides: overrides))
    }

    /// Each property's verdict, with the lasso's stem and loop lengths when violated.
    func verdicts(_ results: [LivenessResult]) -> [String] {
        results.map { r in
            switch r.outcome {
            case .violated(let l): return "\(r.property) violated \(l.stemLength)+\(l.loopLength)"
            case .holds, .proved: return "\(r.property) holds"
            case .unknown(let why): return "\(r.property) unknown \(why)"
            }
        }
    }

    func explicit(_ p: Program) throws -> [String] {
        verdicts(try LivenessChecker(program: p).check())
    }

    func testBoundedRetriesDeclareNoProgressProperty() throws {
        try assertProgressOnlyWhenRetryingForever(APICAccessZap.model,
                                                  ["fault_completes_alone", "fault_completes", "inhibit_completes"])
        XCTAssertEqual(try program("retry-forever").kinds.map(\.fairness), [.weak, .weak])
    }

    /// Upstream's protocol retrying forever: every fault and the inhibit complete, on the TDP and
    /// the legacy MMU, at 1 and 2 vCPUs (a retry happens only after the zap's bump, and the next
    /// attempt sees APICv inactive).
    func testEveryAttemptRedoingTheFaultinCompletes() throws {
        let holds = ["fault_completes_alone holds", "fault_completes holds", "inhibit_completes holds"]
        XCTAssertEqual(try explicit(try program("retry-forever")), holds)
        XCTAssertEqual(try explicit(try program("retry-forever", [("fault_lock", "write"), ("vcpus", "2")])), holds)
        XCTAssertEqual(try explicit(try program("retry-forever", [("apicv_request", "true")])), holds)
    }

    /// The hoisted faultin: a zap between the snapshot and the retry check makes every later
    /// check fail (the seq moved), and the APICv test that would emulate is never redone.
    func testAHoistedFaultinRetriesForeverAfterTheZap() throws {
        let p = try program("faultin-once")
        XCTAssertEqual(try explicit(p),
                       ["fault_completes_alone violated 12+3", "fault_completes violated 12+3", "inhibit_completes holds"])
        let lasso = try XCTUnwrap(try LivenessChecker(program: p).check().first.flatMap { r -> Lasso? in
            if case .violated(let l) = r.outcome { return l } else { return nil }
        })
        XCTAssertEqual(lasso.trace.schedule.suffix(3).map(\.label), ["fault.unlock", "fault.lock", "fault.retry_check"])
    }

    /// The gap the model's doc comment states: the legacy zap yields with the count raised, and
    /// the vCPU retrying forever under the write lock keeps the zap's re-acquire disabled at
    /// every other step, which weak fairness allows.
    func testTheLegacyZapIsStarvedByAForeverRetryingWriterUnderWeakFairness() throws {
        XCTAssertEqual(try explicit(try program("faultin-once", [("fault_lock", "write")])),
                       ["fault_completes_alone violated 14+3", "fault_completes violated 9+3",
                        "inhibit_completes violated 9+3"])
    }

    /// BMC on the liveness-to-safety translation: the same lasso lengths on faultin-once, and on
    /// retry-forever no simple path long enough for a lasso.
    func testBMCAgreesWithTheExplicitSearch() throws {
        let violated = try SymbolicLivenessChecker(program: try program("faultin-once")
            .selectingProperties(["fault_completes_alone"])).check(maxDepth: 20)
        XCTAssertEqual(verdicts(violated), ["fault_completes_alone violated 12+3"])
        let held = try SymbolicLivenessChecker(program: try program("retry-forever")
            .selectingProperties(["fault_completes"])).check(maxDepth: 20)
        XCTAssertEqual(verdicts(held), ["fault_completes holds"])
    }

    /// `prove --engine invisible` proves retry-forever's three properties from the reachable
    /// states of their translations, re-checked by Z3.
    func testTheInvisibleLivenessProofProvesRetryForever() throws {
        let results = try LivenessProver(program: try program("retry-forever")).prove(.invisible, deadline: Date() + 120)
        XCTAssertEqual(results.map(\.property), ["fault_completes_alone", "fault_completes", "inhibit_completes"])
        for r in results {
            guard case .proved(let how) = r.outcome else { return XCTFail("\(r.property): \(r.outcome)") }
            XCTAssertTrue(how.contains("reachable states of its liveness-to-safety translation"), how)
        }
    }
}
