import Foundation
import XCTest

/// `mmuspec check` end to end: the documented verdict of every preset, through the built binary.
final class CheckCommandTests: XCTestCase {
    /// architecture.md's tables, and tdp-shared-fault's presets: model, preset, expected exit status.
    static let presets: [(String, String, Int32)] = [
        ("apic-access-zap", "upstream", 0),
        ("apic-access-zap", "zap-read-lock", 1),
        ("apic-access-zap", "zap-read-lock-bump", 1),
        ("apic-access-zap", "zap-no-bump", 1),
        ("apic-access-zap", "no-retry-check", 1),
        ("apic-access-zap", "seq-after-slot", 1),
        ("notifier-invalidate", "upstream", 0),
        ("notifier-invalidate", "no-retry", 1),
        ("notifier-invalidate", "count-only", 1),
        ("notifier-invalidate", "seq-only", 1),
        ("notifier-invalidate", "range-overwrite", 1),
        ("notifier-invalidate", "retry-forever", 0),
        ("notifier-invalidate", "snapshot-once", 1),
        ("tdp-shared-fault", "upstream", 0),
        ("tdp-shared-fault", "plain-store", 1),
        ("tdp-shared-fault", "write-lock-store", 0),
        ("seqlock", "correct", 0),
        ("seqlock", "no-recheck", 1),
        ("seqlock", "no-odd-check", 1),
        ("lock-fairness", "ticket-unfair", 1),
        ("lock-fairness", "ticket-weak", 0),
        ("lock-fairness", "blocking-weak", 1),
        ("lock-fairness", "blocking-strong", 0),
    ]

    func testEveryPresetExitsWithItsDocumentedVerdictAtFullDepth() throws {
        for (model, preset, expected) in Self.presets {
            let r = try CLIRunner.run(["check", model, "--variant", preset])
            XCTAssertEqual(r.status, expected, "\(model) \(preset): \(r.stdout)\(r.stderr)")
            if expected == 0 {
                XCTAssertTrue(r.stdout.contains("HOLDS: no execution violates"), "\(model) \(preset) must be complete")
            } else {
                XCTAssertTrue(r.stdout.contains("VIOLATED"), "\(model) \(preset)")
            }
        }
    }

    func testViolatedPresetsAlsoFailUnderTheZ3Engine() throws {
        for (model, preset, expected) in Self.presets
            where expected == 1 && ["apic-access-zap", "tdp-shared-fault", "seqlock"].contains(model) {
            let r = try CLIRunner.run(["check", model, "--variant", preset, "--engine", "bmc"])
            XCTAssertEqual(r.status, 1, "\(model) \(preset): \(r.stdout)\(r.stderr)")
            XCTAssertTrue(r.stdout.contains("engine: bmc"))
        }
    }

    func testUpstreamHoldsWithTwoAndThreeVCPUs() throws {
        for n in ["2", "3"] {
            let r = try CLIRunner.run(["check", "apic-access-zap", "--variant", "upstream", "--vcpus", n])
            XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
            XCTAssertTrue(r.stdout.contains("vcpus=\(n)"))
        }
    }

    func testSeedRaceSwimlaneShowsTheRaceAndFitsIn100Columns() throws {
        let r = try CLIRunner.run(["check", "apic-access-zap", "--variant", "zap-read-lock-bump", "--engine", "bmc"])
        XCTAssertEqual(r.status, 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 100 }, "a line is wider than 100 columns")
        let rows = lines.filter { $0.range(of: #"^ *!?\d+ \|"#, options: .regularExpression) != nil }
        func row(_ label: String) -> Int? { rows.firstIndex { $0.contains(" \(label)") } }
        let check = try XCTUnwrap(row("fault.retry_check")), zapLock = try XCTUnwrap(row("zap.lock"))
        let unlock = try XCTUnwrap(row("zap.unlock")), map = try XCTUnwrap(row("fault.map"))
        XCTAssertLessThan(check, zapLock, "the vCPU passes its retry check before the zap starts")
        XCTAssertLessThan(unlock, map, "the whole zap runs before the vCPU maps the page")
        // Lock lines say whose hold changed and who holds the lock after; a step shows what it read.
        XCTAssertTrue(r.stdout.contains("mmu_lock: takes shared; held by vcpu[0]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("mmu_lock: releases; held by vcpu[0]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("read mmu_notifier_seq=0,"), r.stdout)
        // The false invariant is printed with the values it reads.
        XCTAssertTrue(r.stdout.contains("apic_unmapped_after_inhibit: inhibit_done ==> !apic_spte_present"), r.stdout)
        XCTAssertTrue(r.stdout.contains("after step 13: apic_spte_present=true, inhibit_done=true"), r.stdout)
        XCTAssertTrue(r.stdout.contains("violation after step 13: invariant apic_unmapped_after_inhibit is false"))
    }

    func testSameCommandPrintsTheSameTrace() throws {
        let args = ["check", "notifier-invalidate", "--variant", "range-overwrite", "--format", "json"]
        let a = try CLIRunner.run(args), b = try CLIRunner.run(args)
        XCTAssertEqual(a.status, 1)
        XCTAssertEqual(a.stdout, b.stdout)
    }

    func testJSONFollowsTheDocumentedSchema() throws {
        let r = try CLIRunner.run(["check", "tdp-shared-fault", "--variant", "plain-store", "--format", "json"])
        XCTAssertEqual(r.status, 1)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["schema"] as? String, "mmuspec.check/1")
        XCTAssertEqual(json["model"] as? String, "tdp-shared-fault")
        XCTAssertEqual(json["variant"] as? String, "plain-store")
        XCTAssertEqual(json["verdict"] as? String, "violated")
        XCTAssertEqual((json["flags"] as? [String: String])?["install"], "store")
        let ce = try XCTUnwrap((json["counterexamples"] as? [[String: Any]])?.first)
        let steps = try XCTUnwrap(ce["steps"] as? [[String: Any]])
        XCTAssertEqual(ce["length"] as? Int, steps.count)
        XCTAssertEqual(json["depth"] as? Int, steps.count)
        XCTAssertEqual((ce["violation"] as? [String: Any])?["name"] as? String, "installed_sp_linked")
        XCTAssertEqual(steps.first?["step"] as? Int, 1)
        XCTAssertNotNil(steps.first?["label"] as? String)
        XCTAssertNotNil(steps.first?["instance"] as? String)
        XCTAssertEqual(ce["instances"] as? [String], ["vcpu[0]", "vcpu[1]"])
    }

    /// Three vCPUs give three copies of the seed race, one per vCPU: one distinct counterexample.
    func testFewerDistinctCounterexamplesThanAskedForAreSaidSo() throws {
        let r = try CLIRunner.run(["check", "apic-access-zap", "--variant", "zap-read-lock", "--vcpus", "3",
                                   "--engine", "explicit", "--max-counterexamples", "5"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: "VIOLATED (invariant)").count, 2, r.stdout)
        XCTAssertTrue(r.stdout.contains("only 1 distinct counterexample (of 5 asked for): every violating state of "
                                        + "the shortest length was looked at"), r.stdout)
    }

    /// `--hash-compact` gives the exact search's verdict and states, and says what it stored and
    /// how likely it missed a state, in text and in JSON.
    func testHashCompactionStatesItsSignaturesAndOmissionBound() throws {
        let base = ["check", "notifier-invalidate", "--variant", "upstream", "--vcpus", "2", "--engine", "explicit"]
        let exact = try CLIRunner.run(base)
        let compacted = try CLIRunner.run(base + ["--hash-compact"])
        XCTAssertEqual(exact.status, 0, exact.stderr)
        XCTAssertEqual(compacted.status, 0, compacted.stderr)
        XCTAssertFalse(exact.stdout.contains("hash compaction"), exact.stdout)
        // 30,060 orbits (the exact search's count, docs/prove.md); 30060 * 30059 / 2^65 = 2.4e-11.
        XCTAssertEqual(compacted.stdout, exact.stdout + "\nhash compaction: 30060 states stored as 64-bit signatures; "
                       + "the probability that two shared one (and a state was not explored) is at most 2.4e-11\n")
        let r = try CLIRunner.run(["check", "notifier-invalidate", "--variant", "range-overwrite", "--vcpus", "2",
                                   "--engine", "explicit", "--hash-compact", "--format", "json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["depth"] as? Int, 21)
        let hc = try XCTUnwrap(json["hash_compaction"] as? [String: Any], r.stdout)
        XCTAssertEqual(hc["signature_bits"] as? Int, 64)
        let states = try XCTUnwrap(hc["states"] as? Int)
        XCTAssertGreaterThan(states, 1000)
        let bound = try XCTUnwrap(hc["omission_bound"] as? Double)
        XCTAssertEqual(bound, Double(states) * Double(states - 1) / 0x1p65, accuracy: bound * 1e-9)
    }

    /// A compacted search that runs out of time still says how many states it stored.
    func testHashCompactionStoppedByItsTimeoutCountsWhatItStored() throws {
        let r = try CLIRunner.run(["check", "notifier-invalidate", "--variant", "upstream", "--vcpus", "3",
                                   "--engine", "explicit", "--no-symmetry", "--hash-compact", "--timeout", "1"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        let line = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("hash compaction: ") }, r.stdout)
        let states = Int(line.dropFirst("hash compaction: ".count).prefix { $0.isNumber }) ?? 0
        // 3,563,889 states in all; one second stores some, and not all.
        XCTAssertGreaterThan(states, 1000, String(line))
        XCTAssertLessThan(states, 3_563_889, String(line))
    }

    func testHoldsUpToADepthIsNotCalledComplete() throws {
        let r = try CLIRunner.run(["check", "apic-access-zap", "--variant", "upstream", "--depth", "5", "--engine", "bmc"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("HOLDS up to depth 5"), r.stdout)
    }

    func testListAndShowNameTheContracts() throws {
        let list = try CLIRunner.run(["list"])
        XCTAssertEqual(list.status, 0)
        for (model, preset, _) in Self.presets {
            XCTAssertTrue(list.stdout.contains("\(model):"), model)
            XCTAssertTrue(list.stdout.contains("    \(preset) ["), preset)
        }
        let show = try CLIRunner.run(["show", "apic-access-zap", "--variant", "zap-read-lock"])
        XCTAssertEqual(show.status, 0)
        XCTAssertTrue(show.stdout.contains("  zap.lock: acquire mmu_lock (shared)"), show.stdout)
        XCTAssertFalse(show.stdout.contains("zap.inc_count"), "zap-read-lock has no notifier bump")
    }
}
