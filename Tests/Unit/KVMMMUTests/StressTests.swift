import KVMMMU
import XCTest

/// Real threads, no scheduler: upstream must show zero violations.
final class StressTests: XCTestCase {
    func testUpstreamStressHasNoViolations() {
        let report = KVMStress.run(KVMStressConfiguration(vcpus: 3, guestPages: 64, duration: 0.8, seed: 42))
        XCTAssertEqual(report.violations, [], report.violations.joined(separator: "\n"))
        XCTAssertGreaterThan(report.faults, 100)
        XCTAssertGreaterThan(report.accesses, 1000)
        XCTAssertGreaterThan(report.inhibitToggles, 10)
        XCTAssertGreaterThan(report.invalidations, 10)
        XCTAssertGreaterThan(report.invariantChecks, 10)
        XCTAssertGreaterThan(report.emulatedAPICAccesses, 0)
        XCTAssertGreaterThan(report.zaps, 10)
        XCTAssertGreaterThan(report.rootUpdates, 10, "the root updater's fast zaps ran")
    }

    /// With random delays at the schedule points and two invalidators, upstream stays clean too.
    func testJitteredUpstreamStressHasNoViolations() {
        let report = KVMStress.run(KVMStressConfiguration(vcpus: 3, guestPages: 8, duration: 0.8, invalidators: 2,
                                                          jitter: true, seed: 7))
        XCTAssertEqual(report.violations, [], report.violations.joined(separator: "\n"))
        XCTAssertGreaterThan(report.faults, 100)
        XCTAssertGreaterThan(report.invalidations, 10)
        XCTAssertGreaterThan(report.zaps, 10)
    }
}
