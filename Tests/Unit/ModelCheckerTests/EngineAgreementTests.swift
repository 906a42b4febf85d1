import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// The BMC engine and the explicit engine agree on apic-access-zap's 32 flag combinations at 2 vCPUs:
/// same verdict, same shortest counterexample length.
final class EngineAgreementTests: XCTestCase {
    func testEveryApicFlagCombinationAgreesAcrossEnginesAtTwoVCPUs() throws {
        let model = APICAccessZap.model
        var violated = 0, held = 0
        for flags in ApicFlagCombinations.all(vcpus: 2) {
            let p = try model.instantiate(try model.configuration(overrides: flags))
            let explicit = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 60))
            switch explicit {
            case .violated(let t):
                // BMC must find the same shortest length: nothing shorter, something at that length.
                let n = t[0].steps.count
                guard case .violated(let b) = try BoundedChecker(program: p).check(CheckOptions(maxDepth: n)) else {
                    XCTFail("\(flags): bmc found no violation within \(n) steps"); continue
                }
                XCTAssertEqual(b[0].steps.count, n, "\(flags)")
                violated += 1
            case .holds(_, true):
                // Full-depth BMC at 2 vCPUs takes ~10 s per combination; bound it.
                let b = try BoundedChecker(program: p).check(CheckOptions(maxDepth: 14))
                XCTAssertEqual(b, .holds(depth: 14, complete: false), "\(flags)")
                held += 1
            default:
                XCTFail("\(flags): explicit search did not finish: \(explicit)")
            }
        }
        // Found by the explicit search: upstream, and the legacy MMU (fault under the write lock)
        // with the notifier bump, retry check and early snapshot, under either zap lock mode.
        XCTAssertEqual(held, 3)
        XCTAssertEqual(violated, 29)
    }
}
