import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// `FlagFlips` and `SMTExport` on the seed race.
final class ExplainFlipsTests: XCTestCase {
    func testEachUpstreamIngredientIsNecessaryUnderTheTDPMMU() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let all = try FlagFlips(model: m, preset: "upstream", overrides: [])
            .flips(except: ["fault_lock"], engine: .explicit, maxDepth: 60)
        // The yield and the range kind matter only for the legacy MMU (below): the TDP zap of one
        // gfn never yields, and its write lock keeps a fault from ever seeing the count.
        for f in all where ["zap_yields", "zap_range"].contains(f.flag) {
            XCTAssertEqual(f.verdict, .holds(depth: 15, complete: true), f.flag)
        }
        // The APICv request protocol is not needed either (it adds steps, the farthest state is 19 away).
        XCTAssertEqual(all.first { $0.flag == "apicv_request" }?.verdict, .holds(depth: 19, complete: true))
        // Nor are the retry loop's shape (retrying forever) and the faultin on every attempt:
        // they are progress, not safety (apic-access-zap's liveness properties).
        XCTAssertEqual(all.first { $0.flag == "retry" }?.verdict, .holds(depth: 14, complete: true))
        XCTAssertEqual(all.first { $0.flag == "faultin_each_attempt" }?.verdict, .holds(depth: 16, complete: true))
        let flips = all.filter { !["zap_yields", "zap_range", "apicv_request", "retry", "faultin_each_attempt"].contains($0.flag) }
        XCTAssertEqual(flips.map { "\($0.flag)=\($0.to)" },
                       ["zap_lock=read", "zap_bumps_notifier=false", "fault_checks_retry=false", "seq_before_slot=false"])
        for f in flips {
            guard case .breaks(let t) = f.verdict else { XCTFail("\(f.flag): \(f.verdict)"); continue }
            XCTAssertEqual(t.violation?.name, "apic_unmapped_after_inhibit", f.flag)
            XCTAssertTrue(t.interleavingSummary.hasPrefix("vcpu[0] "), t.interleavingSummary)
        }
    }

    /// `candidates` are the checks `flips` makes, in its order, so jobs run elsewhere (explain
    /// --jobs) number and print the flips as one process does; a flip's program is its configuration's.
    func testCandidatesAreTheFlipsInOrder() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let flips = FlagFlips(model: m, preset: "upstream", overrides: [("fault_lock", "write")])
        let made = try flips.flips(except: ["fault_lock"], engine: .explicit, maxDepth: 60)
        let planned = try flips.candidates(except: ["fault_lock"])
        XCTAssertEqual(planned.map { "\($0.flag) \($0.from)->\($0.to)" }, made.map { "\($0.flag) \($0.from)->\($0.to)" })
        XCTAssertEqual(planned.count, 9)
        let zapRange = try XCTUnwrap(planned.first { $0.flag == "zap_range" })
        XCTAssertEqual(try flips.program(flipping: zapRange).configuration.flags["zap_range"], "gfn")
        XCTAssertEqual(try flips.program(flipping: zapRange).configuration.flags["fault_lock"], "write")
    }

    func testInterleavingSummaryOfPairsIsTheTracesSummary() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let flips = try FlagFlips(model: m, preset: "upstream", overrides: []).flips(engine: .explicit, maxDepth: 60)
        guard case .breaks(let t)? = flips.first(where: { $0.flag == "zap_lock" })?.verdict else {
            return XCTFail("zap_lock=read keeps upstream safe: \(flips)")
        }
        XCTAssertEqual(Trace.interleavingSummary(of: t.steps.map { ($0.instanceName, $0.label) }), t.interleavingSummary)
        XCTAssertEqual(Trace.interleavingSummary(of: [("a", "x"), ("a", "y"), ("b", "z")]), "a x..y; b z")
        XCTAssertEqual(Trace.interleavingSummary(of: []), "(the initial state)")
    }

    func testTheZapLockModeDoesNotMatterUnderTheLegacyMMU() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let flips = try FlagFlips(model: m, preset: "upstream", overrides: [("fault_lock", "write")])
            .flips(except: ["fault_lock"], engine: .explicit, maxDepth: 60)
        XCTAssertEqual(flips.first { $0.flag == "zap_lock" }?.verdict, .holds(depth: 19, complete: true))
    }

    /// Under the legacy MMU v6.1's range (0, ~0) is necessary: with v5.15's gfn range the fault
    /// that takes mmu_lock while the rmap zap yields maps the page again; without the yield the
    /// gfn range is harmless.
    func testTheAllRangeIsNecessaryUnderTheLegacyMMUOnceTheZapYields() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let flips = try FlagFlips(model: m, preset: "upstream", overrides: [("fault_lock", "write")])
            .flips(except: ["fault_lock"], engine: .explicit, maxDepth: 60)
        guard case .breaks(let t) = flips.first(where: { $0.flag == "zap_range" })?.verdict else {
            return XCTFail("zap_range=gfn keeps the legacy MMU safe: \(flips)")
        }
        XCTAssertEqual(t.steps.count, 18)
        XCTAssertTrue(t.steps.contains { $0.label == "zap.resched_unlock" }, t.interleavingSummary)
        XCTAssertEqual(flips.first { $0.flag == "zap_yields" }?.verdict, .holds(depth: 15, complete: true))
    }

    func testInterleavingSummaryGroupsRunsOfOneInstance() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let p = try m.instantiate(try m.configuration(preset: "zap-no-bump"))
        guard case .violated(let t) = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 60)) else {
            return XCTFail("zap-no-bump holds")
        }
        XCTAssertEqual(t[0].interleavingSummary, "vcpu[0] fault.snapshot_seq..fault.memslot; inhibit[0] "
                       + "inhibit.set..zap.unlock; vcpu[0] fault.lock..fault.map; inhibit[0] inhibit.done")
    }

    func testExportDeclaresEveryConstantAndEndsWithCheckSat() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let text = try SMTExport(program: try m.instantiate(try m.configuration(preset: "zap-read-lock"))).smtlib2(depth: 4)
        XCTAssertTrue(text.contains("(set-logic QF_BV)"))
        for t in 0..<4 { XCTAssertTrue(text.contains("(declare-fun act_\(t) ()"), "act_\(t)") }
        XCTAssertFalse(text.contains("act_4"))
        XCTAssertTrue(text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("(check-sat)"))
    }
}
