import Foundation
import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// gfn-invalidate's progress properties, as notifier-invalidate's: with RET_PF_RETRY faulting
/// again forever and each attempt snapshotting the seq, every fault and every invalidation of
/// v6.8's gfn-based protocol completes (1 vCPU; strongly fair invalidators).
extension KVMLivenessTests {
    func gfnInvalidate(_ preset: String, _ overrides: [(String, String)] = []) throws -> Program {
        try program(GFNInvalidate.model, preset, overrides)
    }

    func testGFNBoundedRetriesDeclareNoProgressProperty() throws {
        XCTAssertEqual(try gfnInvalidate("upstream").liveness.map(\.name), [])
        XCTAssertEqual(try gfnInvalidate("upstream", [("retry", "forever")]).liveness.map(\.name),
                       ["fault_completes_alone", "fault_completes", "invalidation_completes"])
    }

    func testGFNInvalidationsAndFaultsComplete() throws {
        XCTAssertEqual(try verdicts(try gfnInvalidate("retry-forever")),
                       ["fault_completes_alone holds", "fault_completes holds", "invalidation_completes holds"])
        // The legacy MMU (write lock, an unmap that never yields).
        XCTAssertEqual(try verdicts(try gfnInvalidate("retry-forever", [("fault_lock", "write")])),
                       ["fault_completes_alone holds", "fault_completes holds", "invalidation_completes holds"])
    }
}
