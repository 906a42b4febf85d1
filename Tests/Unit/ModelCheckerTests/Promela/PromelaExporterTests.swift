import Models
import ProtocolDSL
import ModelChecker
import XCTest

/// The Promela export keeps the model's atomicity: one atomic statement per DSL step.
final class PromelaExporterTests: XCTestCase {
    func testOneAtomicStatementPerStepAndAMonitor() throws {
        for model in ModelCatalog.all {
            for preset in model.presets {
                let program = try model.instantiate(try model.configuration(preset: preset.name))
                let text = try PromelaExporter(program: program).render()
                for kind in program.kinds {
                    for (n, step) in kind.steps.enumerated() {
                        XCTAssertEqual(text.components(separatedBy: ":: atomic { /* \(step.label) */").count - 1,
                                       program.kinds.filter { k in k.steps.contains { $0.label == step.label } }.count,
                                       "\(model.name) \(preset.name): \(step.label)")
                        XCTAssertTrue(text.contains("\(kind.name)_pc[me] == \(n)"), "\(kind.name) step \(n)")
                    }
                    XCTAssertTrue(text.contains("proctype \(kind.name)(byte me)"))
                }
                XCTAssertTrue(text.contains("active proctype monitor()"))
                XCTAssertTrue(text.contains("assert(false)"))
            }
        }
    }

    func testLocksAreGuardedHoldsAndReleaseChecksTheHolder() throws {
        let m = APICAccessZap.model
        let text = try PromelaExporter(program: try m.instantiate(try m.configuration(preset: "upstream"))).render()
        // The zap takes mmu_lock for write: every hold must be free (vcpu[0] is 0, inhibit[0] is 1).
        XCTAssertTrue(text.contains("(mmu_lock_hold[0] == 0 && mmu_lock_hold[1] == 0)"), text)
        // The fault takes it for read: no writer.
        XCTAssertTrue(text.contains("(mmu_lock_hold[0] != 2 && mmu_lock_hold[1] != 2)"), text)
        XCTAssertTrue(text.contains("assert(mmu_lock_hold[me] != 0)"), text)
    }
}

/// The liveness properties in the export: `ltl` formulas, and SPIN's fairness or a refusal.
final class PromelaLivenessExportTests: XCTestCase {
    func render(_ preset: String) throws -> String {
        let m = LockFairness.model
        return try PromelaExporter(program: try m.instantiate(try m.configuration(preset: preset))).render()
    }

    func testLivenessPropertiesAreLTLFormulasOverTheProgramCounters() throws {
        let text = try render("ticket-weak")
        XCTAssertTrue(text.contains("ltl served { ([] ((thread_pc[0] == 0) -> <> (thread_pc[0] == 2))) && "
                                    + "([] ((thread_pc[1] == 0) -> <> (thread_pc[1] == 2))) }"), text)
        XCTAssertTrue(text.contains("./pan -a -f -N NAME (weak fairness)"), "weakly fair threads: pan -f")
        XCTAssertTrue(try render("ticket-unfair").contains("./pan -a -N NAME (no fairness)"))
    }

    func testFairnessSPINsFlagCannotSayGoesIntoTheFormula() throws {
        // Strongly fair threads: the formula assumes each thread, enabled again and again, moves
        // again and again; the pids come from init's runs; pan must not reduce (-DNOREDUCE).
        let strong = try render("blocking-strong")
        XCTAssertTrue(strong.contains("mm_pid[1] = run thread(1);"), strong)
        XCTAssertTrue(strong.contains("ltl served { ((([]<> enabled(mm_pid[0])) -> []<> (_last == mm_pid[0])) && "
                                      + "(([]<> enabled(mm_pid[1])) -> []<> (_last == mm_pid[1]))) -> ("), strong)
        XCTAssertTrue(strong.contains("gcc -DNOREDUCE -o pan pan.c, then per property ./pan -a -N NAME"), strong)
        // A weakly fair kind beside an unfair one: weak fairness for a's instance only.
        let mixed = ProtocolModel("mixed", summary: "a weakly fair worker and an unfair one") { _ in
            let flag = Global("flag", .bool)
            flag
            Process("a", fairness: .weak) { Step("set") { flag <- true } }
            Process("b") { Step("idle") { Goto("idle") } }
            Liveness("set") { Eventually(flag) }
        }
        let text = try PromelaExporter(program: try mixed.instantiate(try mixed.configuration())).render()
        XCTAssertTrue(text.contains("ltl set { (((<>[] enabled(mm_pid[0])) -> []<> (_last == mm_pid[0]))) -> ((<> flag)) }"),
                      text)
        XCTAssertFalse(text.contains("mm_pid[1])"), "b is unfair")
        // Without liveness properties nothing changes.
        XCTAssertFalse(try render("ticket-weak").contains("mm_pid"))
    }
}
