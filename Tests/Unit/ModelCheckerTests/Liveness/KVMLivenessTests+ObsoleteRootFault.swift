import Foundation
import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// obsolete-root-fault's progress properties: a fault that retries because its root is obsolete
/// re-enters the guest, which reloads the root, and completes on the new one; without the reload
/// request it faults on the obsolete root forever.
extension KVMLivenessTests {
    func obsoleteRoot(_ preset: String, _ overrides: [(String, String)] = []) throws -> Program {
        try program(ObsoleteRootFault.model, preset, overrides)
    }

    func testObsoleteRootBoundedRetriesDeclareNoProgressProperty() throws {
        try assertProgressOnlyWhenRetryingForever(ObsoleteRootFault.model, ["fault_completes", "update_completes"])
    }

    func testARetriedFaultCompletesOnTheReloadedRoot() throws {
        for n in ["1", "2"] {
            XCTAssertEqual(try verdicts(try obsoleteRoot("retry-forever", [("vcpus", n)])),
                           ["fault_completes holds", "update_completes holds"], "\(n) vCPUs")
        }
        // A bounded retry reloads too: the retried fault maps into the new root, so the
        // invalidated root stays empty after its zap.
        let bounded = try obsoleteRoot("upstream", [("retries", "1")])
        guard case .holds(_, true) = try ExplicitChecker(program: bounded).check(CheckOptions(maxDepth: 60)) else {
            return XCTFail("a fault retried once maps into the reloaded root, not the invalidated one")
        }
    }

    /// The lasso: the whole update (the weakly fair updater completes), then the vCPU's lock,
    /// root check, unlock and re-entry without a reload, forever.
    func testWithoutTheReloadRequestTheFaultRetriesOnTheObsoleteRootForever() throws {
        let p = try obsoleteRoot("no-reload")
        XCTAssertEqual(try verdicts(p), ["fault_completes violated 4+4", "update_completes holds"])
        guard case .violated(let l)? = try LivenessChecker(program: p).check().first?.outcome else {
            return XCTFail("without the reload request the fault must retry forever")
        }
        XCTAssertEqual(l.trace.schedule.suffix(4).map(\.label), ["fault.lock", "fault.retry_check", "fault.unlock", "vcpu.reload"])
        let one = try p.selectingProperties(["fault_completes"])
        guard case .violated(let b)? = try SymbolicLivenessChecker(program: one).check(maxDepth: 10).first?.outcome else {
            return XCTFail("bmc must find the no-reload lasso")
        }
        XCTAssertEqual([b.stemLength, b.loopLength], [4, 4])
        let holding = try SymbolicLivenessChecker(program: try obsoleteRoot("retry-forever")).check(maxDepth: 16)
        XCTAssertEqual(holding.map { r -> String in
            switch r.outcome {
            case .holds, .proved: return "\(r.property) holds"
            default: return "\(r.property) \(r.outcome)"
            }
        }, ["fault_completes holds", "update_completes holds"])
    }
}
