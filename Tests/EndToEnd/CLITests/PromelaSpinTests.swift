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
        // One job per preset (export, SPIN, check), two at a time: SPIN's gcc dominates.
        let jobs = ParallelJobs.map(presets.map { [$0.model, $0.preset] }) { mp in
            let export = try CLIRunner.run(["export", mp[0], "--variant", mp[1], "--format", "promela"])
            let verdict = export.status == 0 ? try spin.check(promela: export.stdout, name: "\(mp[0])-\(mp[1])")
                                             : .failed("export: \(export.stderr)")
            return (verdict, try CLIRunner.run(["check", mp[0], "--variant", mp[1], "--format", "json"]))
        }
        for ((model, preset), job) in zip(presets, jobs) {
            let (verdict, ours) = try job.get()
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
