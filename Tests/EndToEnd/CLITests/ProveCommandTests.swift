import Foundation
import XCTest

/// `mmuspec prove` end to end: verdicts, certificates, counterexamples and bad input.
final class ProveCommandTests: XCTestCase {
    /// Presets that hold, and presets that are violated (vcpus 1 where the model has it).
    static let holds: [(String, String)] = [
        ("apic-access-zap", "upstream"), ("tdp-shared-fault", "upstream"), ("tdp-shared-fault", "write-lock-store"),
    ]
    static let violated: [(String, String)] = [
        ("apic-access-zap", "zap-read-lock"), ("apic-access-zap", "zap-read-lock-bump"),
        ("apic-access-zap", "zap-no-bump"), ("apic-access-zap", "no-retry-check"),
        ("apic-access-zap", "seq-after-slot"), ("notifier-invalidate", "no-retry"),
        ("notifier-invalidate", "count-only"), ("notifier-invalidate", "seq-only"),
    ]
    /// tdp-shared-fault plain-store needs two vCPUs to race (it holds at vcpus 1, as `check` agrees).
    static let violatedAtTwo: [(String, String)] = [("tdp-shared-fault", "plain-store")]

    func testHoldingPresetsAreProvedWithAReCheckedCertificateByBothEngines() throws {
        for engine in ["spacer", "kinduction"] {
            for (model, preset) in Self.holds {
                let r = try CLIRunner.run(["prove", model, "--variant", preset, "--vcpus", "1", "--engine", engine])
                XCTAssertEqual(r.status, 0, "\(engine) \(model) \(preset): \(r.stdout)\(r.stderr)")
                XCTAssertTrue(r.stdout.contains("PROVED"), "\(engine) \(model) \(preset)")
                XCTAssertTrue(r.stdout.contains("certificate re-checked"), "\(engine) \(model) \(preset)")
            }
        }
    }

    func testSpacerInvariantIsPrintedInTheModelsTerms() throws {
        let r = try CLIRunner.run(["prove", "apic-access-zap", "--variant", "upstream", "--vcpus", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("inductive invariant"))
        XCTAssertTrue(r.stdout.contains("vcpu[0]@fault."), "pc conditions print as vcpu[0]@label")
        XCTAssertTrue(r.stdout.contains("apic_spte_present"), "globals print by name")
        XCTAssertFalse(r.stdout.contains("s_0"), "no raw solver variable names")
        XCTAssertTrue(r.stdout.contains("Inv /\\ Trans => Inv'"))
    }

    /// Each engine on a few violated presets (the soundness tests cover every preset in-process).
    func testViolatedPresetsPrintTheShortestCounterexampleAsCheckDoes() throws {
        let sample: [String: [(String, String, String)]] = [
            "spacer": [("apic-access-zap", "zap-read-lock", "1"), ("notifier-invalidate", "no-retry", "1"),
                       ("tdp-shared-fault", "plain-store", "2")],
            "kinduction": [("apic-access-zap", "seq-after-slot", "1"), ("tdp-shared-fault", "plain-store", "2")],
        ]
        XCTAssertTrue(sample.values.joined().allSatisfy { c in
            (Self.violated + Self.violatedAtTwo).contains { $0 == (c.0, c.1) }
        })
        for engine in ["spacer", "kinduction"] {
            for (model, preset, n) in sample[engine] ?? [] {
                let r = try CLIRunner.run(["prove", model, "--variant", preset, "--vcpus", n, "--engine", engine])
                XCTAssertEqual(r.status, 1, "\(engine) \(model) \(preset): \(r.stdout)\(r.stderr)")
                let check = try CLIRunner.run(["check", model, "--variant", preset, "--vcpus", n])
                XCTAssertEqual(check.status, 1)
                XCTAssertTrue(r.stdout.hasPrefix(check.stdout.trimmingCharacters(in: .newlines)),
                              "\(engine) \(model) \(preset): the counterexample differs from check's")
            }
        }
    }

    func testBadInputIsOneLineAndExitTwo() throws {
        let cases: [[String]] = [
            ["prove", "apic-access-zap", "--vcpus", "0"],
            ["prove", "apic-access-zap", "--vcpus", "17"],
            ["prove", "apic-access-zap", "--engine", "pdr"],
            ["prove", "apic-access-zap", "--timeout", "0"],
            ["prove", "apic-access-zap", "--timeout", "-1"],
        ]
        for args in cases {
            let r = try CLIRunner.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stdout)\(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): \(r.stderr)")
        }
    }

    func testTimeoutGivesUnknownWithExitThree() throws {
        let r = try CLIRunner.run(["prove", "notifier-invalidate", "--variant", "upstream", "--vcpus", "1",
                                   "--timeout", "1"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("UNKNOWN: spacer gave up"), r.stdout)
    }
}
