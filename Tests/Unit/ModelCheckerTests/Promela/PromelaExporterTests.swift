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
