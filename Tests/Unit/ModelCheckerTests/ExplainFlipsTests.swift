import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// `FlagFlips` and `SMTExport` on the seed race.
final class ExplainFlipsTests: XCTestCase {
    func testEachUpstreamIngredientIsNecessaryUnderTheTDPMMU() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let flips = try FlagFlips(model: m, preset: "upstream", overrides: [])
            .flips(except: ["fault_lock"], engine: .explicit, maxDepth: 60)
        XCTAssertEqual(flips.map { "\($0.flag)=\($0.to)" },
                       ["zap_lock=read", "zap_bumps_notifier=false", "fault_checks_retry=false", "seq_before_slot=false"])
        for f in flips {
            guard case .breaks(let t) = f.verdict else { XCTFail("\(f.flag): \(f.verdict)"); continue }
            XCTAssertEqual(t.violation?.name, "apic_unmapped_after_inhibit", f.flag)
            XCTAssertTrue(t.interleavingSummary.hasPrefix("vcpu[0] "), t.interleavingSummary)
        }
    }

    func testTheZapLockModeDoesNotMatterUnderTheLegacyMMU() throws {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let flips = try FlagFlips(model: m, preset: "upstream", overrides: [("fault_lock", "write")])
            .flips(except: ["fault_lock"], engine: .explicit, maxDepth: 60)
        XCTAssertEqual(flips.first { $0.flag == "zap_lock" }?.verdict, .holds(depth: 15, complete: true))
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
