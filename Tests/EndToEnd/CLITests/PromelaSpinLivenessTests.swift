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
        // One job per preset (check, export, spin -a and gcc once, pan per property), two at a time.
        let jobs = ParallelJobs.map(presets.map { [$0.model, $0.preset] }) { mp -> [[String]] in
            let (model, preset) = (mp[0], mp[1])
            let ours = try CLIRunner.run(["check", model, "--variant", preset, "--format", "json"])
            let report = try JSONSerialization.jsonObject(with: Data(ours.stdout.utf8)) as? [String: Any]
            guard let liveness = report?["liveness"] as? [[String: Any]] else { return [] }
            let export = try CLIRunner.run(["export", model, "--variant", preset, "--format", "promela"])
            guard export.status == 0 else { return [["\(model) \(preset)", "export", "exit \(export.status): \(export.stderr)"]] }
            let fair = export.stdout.contains("./pan -a -f -N NAME (weak fairness)")
            let noReduce = export.stdout.contains("gcc -DNOREDUCE -o pan pan.c")
            let names = liveness.map { $0["name"] as? String ?? "?" }
            let verdicts = try spin.checkLiveness(promela: export.stdout, name: "\(model)-\(preset)", properties: names,
                                                  weakFairness: fair, noReduce: noReduce)
            return zip(liveness, zip(names, verdicts)).map { property, nv in
                let spinSays: String
                switch nv.1 {
                case .holds: spinSays = "holds"
                case .violated: spinSays = "violated"
                default: spinSays = "undecided: \(nv.1)"
                }
                return ["\(model) \(preset) \(nv.0)", property["verdict"] as? String ?? "?", spinSays]
            }
        }
        var compared: [String] = []
        for job in jobs {
            for row in try job.get() {
                XCTAssertEqual(row[2], row[1], "\(row[0]): SPIN against ours")
                compared.append(row[0])
            }
        }
        let apic = ["retry-forever", "faultin-once"].flatMap { preset in
            ["fault_completes_alone", "fault_completes", "inhibit_completes"].map { "apic-access-zap \(preset) \($0)" }
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
        XCTAssertEqual(compared, apic + notifier + gfn + tdp + obsoleteRoot
                       + ["lock-fairness ticket-unfair served", "lock-fairness ticket-weak served",
                          "lock-fairness blocking-weak served", "lock-fairness blocking-strong served"])
    }
}
