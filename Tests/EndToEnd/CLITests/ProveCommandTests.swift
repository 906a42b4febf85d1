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

    /// Spacer on apic-access-zap `upstream` is the next test's (15-30 s in a debug build: once is enough).
    func testHoldingPresetsAreProvedWithAReCheckedCertificateByBothEngines() throws {
        for engine in ["spacer", "kinduction"] {
            for (model, preset) in Self.holds where engine != "spacer" || (model, preset) != ("apic-access-zap", "upstream") {
                let r = try CLIRunner.run(["prove", model, "--variant", preset, "--vcpus", "1", "--engine", engine])
                XCTAssertEqual(r.status, 0, "\(engine) \(model) \(preset): \(r.stdout)\(r.stderr)")
                XCTAssertTrue(r.stdout.contains("PROVED"), "\(engine) \(model) \(preset)")
                XCTAssertTrue(r.stdout.contains("certificate re-checked"), "\(engine) \(model) \(preset)")
            }
        }
    }

    func testSpacerInvariantIsPrintedInTheModelsTerms() throws {
        let r = try CLIRunner.run(["prove", "apic-access-zap", "--variant", "upstream", "--vcpus", "1",
                                   "--engine", "spacer"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("PROVED"))
        XCTAssertTrue(r.stdout.contains("certificate re-checked"))
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
            ["prove", "apic-access-zap", "--invalidators", "2"],
            ["prove", "notifier-invalidate", "--invalidators", "0"],
            ["prove", "notifier-invalidate", "--invalidators", "9"],
        ]
        for args in cases {
            let r = try CLIRunner.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stdout)\(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): \(r.stderr)")
        }
    }

    func testTimeoutGivesUnknownWithExitThree() throws {
        let r = try CLIRunner.run(["prove", "notifier-invalidate", "--variant", "upstream", "--vcpus", "1",
                                   "--engine", "spacer", "--timeout", "1"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("UNKNOWN: spacer gave up"), r.stdout)
        // auto: the invisible engine's re-check runs out of time, and no time is left for spacer.
        let auto = try CLIRunner.run(["prove", "notifier-invalidate", "--variant", "upstream", "--vcpus", "8",
                                      "--timeout", "1"])
        XCTAssertEqual(auto.status, 3, auto.stdout + auto.stderr)
        XCTAssertTrue(auto.stdout.contains("UNKNOWN: invisible: "), auto.stdout)
    }

    /// The default engine proves apic-access-zap upstream at the documented maximum of 16 vCPUs
    /// and prints the invariant for a generic vCPU i.
    func testDefaultEngineProvesAPICUpstreamAtSixteenVCPUs() throws {
        let r = try CLIRunner.run(["prove", "apic-access-zap", "--variant", "upstream", "--vcpus", "16"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("engine: invisible"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PROVED"), r.stdout)
        XCTAssertTrue(r.stdout.contains("16 conjunct instances at 16 vcpus, 1 inhibit"), r.stdout)
        XCTAssertTrue(r.stdout.contains("for every vcpu i, one of"), r.stdout)
        XCTAssertTrue(r.stdout.contains("vcpu[i]@{fault.retry_check, fault.map}"), "labels, not pc numbers: \(r.stdout)")
        XCTAssertTrue(r.stdout.contains("certificate re-checked in a fresh Z3 solver"), r.stdout)
    }

    /// --invalidators sets notifier-invalidate's parameter (it shows in the header).
    func testInvalidatorsOptionSetsTheParameter() throws {
        let r = try CLIRunner.run(["prove", "notifier-invalidate", "--variant", "no-retry", "--invalidators", "2"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("invalidators=2"), r.stdout)
    }
}
