import Foundation
import ModelChecker
import Models
import ProtocolDSL
import RandomProtocols
import XCTest

/// gfn-invalidate's progress properties, as notifier-invalidate's: with RET_PF_RETRY faulting
/// again forever and each attempt snapshotting the seq, every fault and every invalidation of
/// v6.8's gfn-based protocol completes (1 vCPU; strongly fair invalidators).
extension KVMLivenessTests {
    func gfnInvalidate(_ preset: String, _ overrides: [(String, String)] = []) throws -> Program {
        try program(GFNInvalidate.model, preset, overrides)
    }

    func testGFNBoundedRetriesDeclareNoProgressProperty() throws {
        try assertProgressOnlyWhenRetryingForever(GFNInvalidate.model,
                                                  ["fault_completes_alone", "fault_completes", "invalidation_completes"])
    }

    func testGFNInvalidationsAndFaultsComplete() throws {
        XCTAssertEqual(try verdicts(try gfnInvalidate("retry-forever")),
                       ["fault_completes_alone holds", "fault_completes holds", "invalidation_completes holds"])
        // The legacy MMU (write lock, an unmap that never yields).
        XCTAssertEqual(try verdicts(try gfnInvalidate("retry-forever", [("fault_lock", "write")])),
                       ["fault_completes_alone holds", "fault_completes holds", "invalidation_completes holds"])
    }

    /// The symbolic side decides them too: the translation's reachable states (about 51,000 per
    /// property), written as a `StateDiagram`, are an invariant Z3 confirms (about 30 s per
    /// property in a release build; MMUSPEC_SLOW_TESTS=1).
    func testGFNProgressIsProvedSymbolically() throws {
        try XCTSkipUnless(SlowTests.enabled, "slow (minutes in a debug build): MMUSPEC_SLOW_TESTS=1")
        let results = try LivenessProver(program: try gfnInvalidate("retry-forever")).prove(.invisible, deadline: Date() + 1200)
        XCTAssertEqual(results.map(\.property), ["fault_completes_alone", "fault_completes", "invalidation_completes"])
        for r in results {
            guard case .proved = r.outcome else { return XCTFail("\(r.property): \(r.outcome)") }
        }
    }
}
