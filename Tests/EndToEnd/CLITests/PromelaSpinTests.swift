import Foundation
import RandomProtocols
import XCTest

/// `mmuspec export --format promela` is the same protocol for SPIN: on every preset of every
/// model, SPIN's verdict on the safety checks (`SpinRunner`: spin -a, gcc -DSAFETY -DNOCLAIM,
/// ./pan) equals `mmuspec check`'s on the invariants (its liveness properties: `PromelaSpinLivenessTests`).
final class PromelaSpinTests: XCTestCase {
    func testSpinAgreesWithUsOnEveryPreset() throws {
        guard let spin = SpinRunner() else {
            print("PromelaSpinTests: spin or gcc is not installed (apt-get install spin); skipped")
            throw XCTSkip("spin or gcc is not installed")
        }
        let presets = try CLIRunner.presets()
        XCTAssertGreaterThanOrEqual(presets.count, 17)
        for (model, preset) in presets {
            let export = try CLIRunner.run(["export", model, "--variant", preset, "--format", "promela"])
            XCTAssertEqual(export.status, 0, export.stderr)
            let verdict = try spin.check(promela: export.stdout, name: "\(model)-\(preset)")
            let ours = try CLIRunner.run(["check", model, "--variant", preset, "--format", "json"])
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ours.stdout.utf8)) as? [String: Any])
            let counterexamples = try XCTUnwrap(report["counterexamples"] as? [Any])
            switch verdict {
            case .holds, .violated:
                XCTAssertEqual(verdict == .holds, counterexamples.isEmpty,
                               "\(model) \(preset): SPIN says \(verdict), mmuspec exit \(ours.status)")
            default:
                XCTFail("\(model) \(preset): SPIN did not decide: \(verdict)")
            }
        }
    }
}
