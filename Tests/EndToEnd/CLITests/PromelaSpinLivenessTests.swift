import Foundation
import RandomProtocols
import XCTest

/// The Promela export's `ltl` formulas and fairness are the same liveness properties for SPIN:
/// on every preset of every model with liveness properties, SPIN's verdict on each
/// (`pan -a [-f] -N NAME`, one compile per preset) equals `mmuspec check`'s, with SPIN's weak fairness (`-f`) or, for
/// strong fairness, the fairness written into the formula (`-DNOREDUCE`).
final class PromelaSpinLivenessTests: XCTestCase {
    func testSpinAgreesWithUsOnEveryLivenessProperty() throws {
        guard let spin = SpinRunner() else {
            print("PromelaSpinLivenessTests: spin or gcc is not installed (apt-get install spin); skipped")
            throw XCTSkip("spin or gcc is not installed")
        }
        let presets = try CLIRunner.presets()
        var compared: [String] = []
        for (model, preset) in presets {
            let ours = try CLIRunner.run(["check", model, "--variant", preset, "--format", "json"])
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ours.stdout.utf8)) as? [String: Any])
            guard let liveness = report["liveness"] as? [[String: Any]] else { continue }
            let export = try CLIRunner.run(["export", model, "--variant", preset, "--format", "promela"])
            XCTAssertEqual(export.status, 0, export.stderr)
            let fair = export.stdout.contains("./pan -a -f -N NAME (weak fairness)")
            let noReduce = export.stdout.contains("gcc -DNOREDUCE -o pan pan.c")
            let names = try liveness.map { try XCTUnwrap($0["name"] as? String) }
            let verdicts = try spin.checkLiveness(promela: export.stdout, name: "\(model)-\(preset)", properties: names,
                                                  weakFairness: fair, noReduce: noReduce)
            for (property, (name, verdict)) in zip(liveness, zip(names, verdicts)) {
                let ourVerdict = property["verdict"] as? String
                switch verdict {
                case .holds, .violated:
                    XCTAssertEqual(verdict == .holds ? "holds" : "violated", ourVerdict, "\(model) \(preset) \(name)")
                default:
                    XCTFail("\(model) \(preset) \(name): SPIN did not decide: \(verdict)")
                }
                compared.append("\(model) \(preset) \(name)")
            }
        }
        let notifier = ["retry-forever", "snapshot-once"].flatMap { preset in
            ["fault_completes_alone", "fault_completes", "invalidation_completes"].map { "notifier-invalidate \(preset) \($0)" }
        }
        let gfn = ["fault_completes_alone", "fault_completes", "invalidation_completes"].map { "gfn-invalidate retry-forever \($0)" }
        let tdp = ["retry-forever", "stale-retry"].flatMap { preset in
            ["fault_completes_alone", "fault_completes"].map { "tdp-shared-fault \(preset) \($0)" }
        }
        let obsoleteRoot = ["retry-forever", "no-reload"].flatMap { preset in
            ["fault_completes", "update_completes"].map { "obsolete-root-fault \(preset) \($0)" }
        }
        XCTAssertEqual(compared, notifier + gfn + tdp + obsoleteRoot
                       + ["lock-fairness ticket-unfair served", "lock-fairness ticket-weak served",
                          "lock-fairness blocking-weak served", "lock-fairness blocking-strong served"])
    }
}
