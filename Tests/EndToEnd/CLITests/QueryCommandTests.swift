import Foundation
import XCTest

/// `query`, `explain` and `export` end to end.
final class QueryCommandTests: XCTestCase {
    static let race = "vcpu[0]@fault.map && inhibit[0]@done"

    func testTheRaceIsReachableOnZapReadLockWithAShortestWitness() throws {
        let r = try CLIRunner.run(["query", "apic-access-zap", "--variant", "zap-read-lock", "--reach", Self.race])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("REACHABLE in 9 steps"), r.stdout)
        XCTAssertTrue(r.stdout.contains("fault.retry_check"), r.stdout)
        XCTAssertTrue(r.stdout.contains("inhibit.done"), r.stdout)
        XCTAssertTrue(r.stderr.isEmpty, r.stderr)
    }

    func testTheRaceIsUnreachableInEveryExecutionUpstream() throws {
        for engine in ["explicit", "bmc"] {
            let r = try CLIRunner.run(["query", "apic-access-zap", "--variant", "upstream", "--reach", Self.race,
                                       "--engine", engine])
            XCTAssertEqual(r.status, 1, "\(engine): \(r.stdout) \(r.stderr)")
            XCTAssertTrue(r.stdout.contains("unreachable in every execution"), "\(engine): \(r.stdout)")
        }
    }

    func testAShallowSearchSaysUnreachableOnlyWithinTheDepth() throws {
        let r = try CLIRunner.run(["query", "apic-access-zap", "--variant", "upstream", "--reach", Self.race,
                                   "--depth", "3"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("UNREACHABLE within 3 steps"), r.stdout)
        XCTAssertFalse(r.stdout.contains("every execution"), r.stdout)
    }

    func testBothEnginesGiveTheSameWitnessLengthAndJSONSaysReachable() throws {
        var lengths: [Int] = []
        for engine in ["explicit", "bmc"] {
            let r = try CLIRunner.run(["query", "apic-access-zap", "--variant", "zap-read-lock", "--reach", Self.race,
                                       "--engine", engine, "--format", "json"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(json["schema"] as? String, "mmuspec.query/1")
            XCTAssertEqual(json["verdict"] as? String, "reachable")
            let witness = try XCTUnwrap(json["witness"] as? [String: Any])
            lengths.append(try XCTUnwrap(witness["length"] as? Int))
        }
        XCTAssertEqual(lengths, [9, 9])
    }

    func testShorthandLocalsEnumCasesAndArithmetic() throws {
        let r = try CLIRunner.run(["query", "apic-access-zap", "--reach",
                                   "vcpu@done && vcpu[0].result == emulate && mmu_notifier_seq - 1 == 0"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("REACHABLE in"), r.stdout)
        let quoted = try CLIRunner.run(["query", "apic-access-zap", "--reach", "!(vcpu[0].result != \"emulate\")"])
        XCTAssertEqual(quoted.status, 0, quoted.stdout + quoted.stderr)
    }

    func testCoverageListsEveryLabelWithItsFirstDepth() throws {
        let r = try CLIRunner.run(["query", "apic-access-zap", "--variant", "upstream", "--coverage"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for line in ["vcpu@fault.snapshot_seq  depth 0", "vcpu@fault.map           depth 4",
                     "inhibit@inhibit.done     depth 7", "inhibit@done             depth 8"] {
            XCTAssertTrue(r.stdout.contains(line), "missing '\(line)' in \(r.stdout)")
        }
        XCTAssertTrue(r.stdout.contains("every label is reachable (16 locations)"), r.stdout)
    }

    func testCoverageNamesAnUnreachableLabelAsAModellingMistake() throws {
        // The inhibit's last step is first reached at depth 7 (see the test above): a bound of 6 leaves it out.
        let r = try CLIRunner.run(["query", "apic-access-zap", "--variant", "upstream", "--coverage", "--depth", "6"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("inhibit@inhibit.done     UNREACHABLE within 6 steps"), r.stdout)
        XCTAssertTrue(r.stdout.contains("usually a modelling mistake"), r.stdout)
    }

    func testExplainUpstreamFindsTheNecessaryIngredients() throws {
        let r = try CLIRunner.run(["explain", "apic-access-zap", "--variant", "upstream", "--per", "fault_lock"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let tables = r.stdout.components(separatedBy: "flips of upstream with fault_lock=write")
        XCTAssertEqual(tables.count, 2, r.stdout)
        let tdp = tables[0], legacy = tables[1]
        for flip in ["zap_lock write->read", "zap_bumps_notifier true->false", "fault_checks_retry true->false",
                     "seq_before_slot true->false"] {
            XCTAssertTrue(line(tdp, flip).contains("BREAKS"), "TDP: \(flip)")
        }
        XCTAssertTrue(tdp.contains("necessary (no other value keeps the property): fault_checks_retry=true, seq_before_slot=true, zap_bumps_notifier=true, "
                                   + "zap_lock=write"), tdp)
        // Under the legacy MMU the fault holds mmu_lock for write: the zap's lock mode no longer matters.
        XCTAssertTrue(line(legacy, "zap_lock write->read").contains("still holds"), legacy)
        for flip in ["zap_bumps_notifier true->false", "fault_checks_retry true->false", "seq_before_slot true->false"] {
            XCTAssertTrue(line(legacy, flip).contains("BREAKS"), "legacy: \(flip)")
        }
        XCTAssertTrue(line(tdp, "zap_bumps_notifier true->false")
            .contains("vcpu[0] fault.snapshot_seq..fault.memslot; inhibit[0] inhibit.set..zap.unlock; "
                      + "vcpu[0] fault.lock..fault.map; inhibit[0] inhibit.done"), tdp)
    }

    func testExplainFlipsMatchCheckOfTheViolatedPresets() throws {
        let r = try CLIRunner.run(["explain", "apic-access-zap", "--variant", "upstream"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let presets = ["zap_lock write->read": "zap-read-lock-bump", "zap_bumps_notifier true->false": "zap-no-bump",
                       "fault_checks_retry true->false": "no-retry-check", "seq_before_slot true->false": "seq-after-slot"]
        for (flip, preset) in presets.sorted(by: { $0.key < $1.key }) {
            let check = try CLIRunner.run(["check", "apic-access-zap", "--variant", preset])
            XCTAssertEqual(check.status, 1, preset)
            let steps = try XCTUnwrap(check.stdout.range(of: #"in (\d+) steps"#, options: .regularExpression)
                .map { String(check.stdout[$0]).split(separator: " ")[1] })
            XCTAssertTrue(line(r.stdout, flip).contains("BREAKS        \(steps) "), "\(flip) vs \(preset): \(r.stdout)")
        }
        XCTAssertTrue(line(r.stdout, "fault_lock read->write").contains("still holds"), r.stdout)
    }

    func testExportTextIsSMTLIB2WithDeclarationsAndCheckSat() throws {
        let r = try CLIRunner.run(["export", "apic-access-zap", "--variant", "zap-read-lock", "--format", "smt2",
                                   "--depth", "3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("(set-logic QF_BV)"))
        XCTAssertTrue(r.stdout.contains("(declare-fun act_0 () (_ BitVec"))
        XCTAssertTrue(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("(check-sat)"))
    }

    func testExportedQueryAgreesWithCheckOnZ3AndCVC5() throws {
        let solvers = ["z3", "cvc5"].compactMap { name in
            ["/usr/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        guard !solvers.isEmpty else {
            throw XCTSkip("neither z3 nor cvc5 is installed (apt-get install -y z3 cvc5)")
        }
        let cases: [(model: String, variant: String)] = [("apic-access-zap", "zap-read-lock"),
                                                         ("notifier-invalidate", "count-only")]
        for c in cases {
            let check = try CLIRunner.run(["check", c.model, "--variant", c.variant])
            XCTAssertEqual(check.status, 1)
            let found = try XCTUnwrap(check.stdout.range(of: #"in (\d+) steps"#, options: .regularExpression))
            let k = try XCTUnwrap(Int(check.stdout[found].split(separator: " ")[1]))
            for (depth, expected) in [(k, "sat"), (k - 1, "unsat")] {
                let export = try CLIRunner.run(["export", c.model, "--variant", c.variant, "--format", "smt2",
                                                "--depth", String(depth)])
                XCTAssertEqual(export.status, 0, export.stderr)
                let file = FileManager.default.temporaryDirectory
                    .appendingPathComponent("mmuspec-export-\(c.variant)-\(depth).smt2")
                try export.stdout.write(to: file, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(at: file) }
                for solver in solvers {
                    let answer = try runSolver(solver, file.path)
                    XCTAssertEqual(answer, expected, "\(solver) on \(c.model) \(c.variant) at depth \(depth)")
                }
            }
        }
        if solvers.count < 2 { throw XCTSkip("only \(solvers) installed; cvc5 or z3 missing (apt-get install -y z3 cvc5)") }
    }

    func runSolver(_ path: String, _ file: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = [file]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first line of `text` containing `fragment` (empty when none).
    func line(_ text: String, _ fragment: String) -> String {
        text.split(separator: "\n").first { $0.contains(fragment) }.map(String.init) ?? ""
    }

    func testHelpShowsExamples() throws {
        for (command, example) in [("query", "mmuspec query apic-access-zap --variant zap-read-lock --reach"),
                                   ("explain", "mmuspec explain apic-access-zap --variant upstream --per fault_lock"),
                                   ("export", "mmuspec export apic-access-zap --variant zap-read-lock --format smt2")] {
            let r = try CLIRunner.run([command, "--help"])
            XCTAssertEqual(r.status, 0)
            XCTAssertTrue(r.stdout.contains(example), "\(command) --help lacks its example: \(r.stdout)")
        }
    }

    /// The race's end state is unreachable on upstream, and --prove turns "within K" into a proof.
    func testProveTurnsUnreachableWithinKIntoAProof() throws {
        let r = try CLIRunner.run(["query", "apic-access-zap", "--variant", "upstream", "--reach",
                                   "vcpu[0]@fault.map && inhibit[0]@done", "--engine", "bmc", "--depth", "8", "--prove"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("UNREACHABLE within 8 steps"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PROVED: unreachable in every execution"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Inv /\\ Trans => Inv'"), r.stdout)
        let bad = try CLIRunner.run(["query", "apic-access-zap", "--coverage", "--prove"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--prove goes with --reach"), bad.stderr)
    }
}
