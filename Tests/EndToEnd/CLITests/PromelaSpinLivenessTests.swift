import Foundation
import RandomProtocols
import XCTest

/// The Promela export's `ltl` formulas and fairness are the same liveness properties for SPIN:
/// on every preset of every model with liveness properties, SPIN's verdict on each
/// (`pan -a [-f] -N NAME`) equals `mmuspec check`'s, with SPIN's weak fairness (`-f`) or, for
/// strong fairness, the fairness written into the formula (`-DNOREDUCE`).
final class PromelaSpinLivenessTests: XCTestCase {
    func testSpinAgreesWithUsOnEveryLivenessProperty() throws {
        guard let spin = SpinRunner() else {
            print("PromelaSpinLivenessTests: spin or gcc is not installed (apt-get install spin); skipped")
            throw XCTSkip("spin or gcc is not installed")
        }
        let presets = try CLIRunner.presets()
        // One job per preset (check, export, SPIN on each property), two at a time.
        let jobs = ParallelJobs.map(presets.map { [$0.model, $0.preset] }) { mp -> [[String]] in
            let (model, preset) = (mp[0], mp[1])
            let ours = try CLIRunner.run(["check", model, "--variant", preset, "--format", "json"])
            let report = try JSONSerialization.jsonObject(with: Data(ours.stdout.utf8)) as? [String: Any]
            guard let liveness = report?["liveness"] as? [[String: Any]] else { return [] }
            let export = try CLIRunner.run(["export", model, "--variant", preset, "--format", "promela"])
            guard export.status == 0 else { return [["\(model) \(preset)", "export", "exit \(export.status): \(export.stderr)"]] }
            let fair = export.stdout.contains("./pan -a -f -N NAME (weak fairness)")
            let noReduce = export.stdout.contains("gcc -DNOREDUCE -o pan pan.c")
            return try liveness.map { property in
                let name = property["name"] as? String ?? "?"
                let verdict = try spin.checkLiveness(promela: export.stdout, name: "\(model)-\(preset)", property: name,
                                                     weakFairness: fair, noReduce: noReduce)
                let spinSays: String
                switch verdict {
                case .holds: spinSays = "holds"
                case .violated: spinSays = "violated"
                default: spinSays = "undecided: \(verdict)"
                }
                return ["\(model) \(preset) \(name)", property["verdict"] as? String ?? "?", spinSays]
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
        XCTAssertEqual(compared, apic + notifier + ["lock-fairness ticket-unfair served", "lock-fairness ticket-weak served",
                                             "lock-fairness blocking-weak served", "lock-fairness blocking-strong served"])
    }
}
