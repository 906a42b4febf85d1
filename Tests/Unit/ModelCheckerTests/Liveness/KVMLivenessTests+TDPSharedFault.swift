import Foundation
import ModelChecker
import Models
import ProtocolDSL
import RandomProtocols
import XCTest

/// tdp-shared-fault's progress properties: with RET_PF_RETRY faulting again forever, a fault that
/// races only other faults on the same gfn completes (the loser's next walk finds the winner's
/// page table); a lost cmpxchg retried in place with the stale old_spte spins forever.
extension KVMLivenessTests {
    func tdp(_ preset: String, _ overrides: [(String, String)] = []) throws -> Program {
        try program(TDPSharedFault.model, preset, overrides)
    }

    func testTDPBoundedRetriesDeclareNoProgressProperty() throws {
        try assertProgressOnlyWhenRetryingForever(TDPSharedFault.model, ["fault_completes_alone", "fault_completes"])
    }

    func testTDPFaultsRacingOnlyEachOtherComplete() throws {
        XCTAssertEqual(try verdicts(try tdp("retry-forever")), ["fault_completes_alone holds", "fault_completes holds"])
        // Three racing vCPUs, and the legacy-style exclusive lock: still every fault completes.
        XCTAssertEqual(try verdicts(try tdp("retry-forever", [("vcpus", "3")])),
                       ["fault_completes_alone holds", "fault_completes holds"])
        XCTAssertEqual(try verdicts(try tdp("retry-forever", [("fault_lock", "write")])),
                       ["fault_completes_alone holds", "fault_completes holds"])
    }

    /// The loser spins alone at `fault.install` once the winner (weakly fair) has unlocked and ended.
    func testTDPAStaleInPlaceRetrySpinsForever() throws {
        let p = try tdp("stale-retry")
        XCTAssertEqual(try verdicts(p), ["fault_completes_alone holds", "fault_completes violated 9+1"])
        guard case .violated(let l)? = try LivenessChecker(program: p).check().last?.outcome else {
            return XCTFail("the stale retry must violate fault_completes")
        }
        XCTAssertEqual(l.trace.schedule.suffix(3).map { "\($0.instance) \($0.label)" },
                       ["vcpu[0] fault.install", "vcpu[1] fault.unlock", "vcpu[0] fault.install"])
    }

    /// BMC on the liveness-to-safety translation gives the explicit search's lasso lengths, and
    /// (with MMUSPEC_SLOW_TESTS=1: it exhausts the translation's simple paths) its holding verdicts.
    func testTDPSymbolicLivenessAgrees() throws {
        let one = try tdp("stale-retry").selectingProperties(["fault_completes"])
        guard case .violated(let l)? = try SymbolicLivenessChecker(program: one).check(maxDepth: 12).first?.outcome else {
            return XCTFail("bmc must find the stale retry's lasso")
        }
        XCTAssertEqual([l.stemLength, l.loopLength], [9, 1])
        guard SlowTests.enabled else { return }
        let holding = try SymbolicLivenessChecker(program: try tdp("retry-forever")).check(maxDepth: 16)
        XCTAssertEqual(holding.map { r -> String in
            switch r.outcome {
            case .holds, .proved: return "\(r.property) holds"
            default: return "\(r.property) \(r.outcome)"
            }
        }, ["fault_completes_alone holds", "fault_completes holds"])
    }
}
