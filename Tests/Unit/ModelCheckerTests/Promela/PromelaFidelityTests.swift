import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// The Promela export is faithful or refuses: values beyond 32 bits are written by rank when
/// they are only copied and compared, and anything else Promela's 32-bit int would change is
/// refused with the variable's name.
final class PromelaFidelityTests: XCTestCase {
    func program(_ m: ProtocolModel, _ preset: String? = nil) throws -> Program {
        try m.instantiate(try m.configuration(preset: preset))
    }

    func refusal(_ m: ProtocolModel) throws -> String {
        do {
            _ = try PromelaExporter(program: try program(m)).render()
            XCTFail("\(m.name) exported")
            return ""
        } catch let r as ExportRefusal {
            return r.message
        }
    }

    func testAddressesBeyond32BitsAreWrittenAsRanksThatCompareLikeTheValues() throws {
        let text = try PromelaExporter(program: try program(WideValueModels.hvaRange, "inclusive")).render()
        // 0x7f6d5a3c7000...7003 are ranks 1...4 (spte_hva starts at 0, rank 0), ~0 is the last rank.
        XCTAssertTrue(text.contains("/* beyond 32 bits, written as the rank of the value: range_end, range_start, "
                                    + "spte_hva, vcpu.hva: 0 = 0, 1 = 140107642073088, 2 = 140107642073089, "
                                    + "3 = 140107642073090, 4 = 140107642073091, 5 = 18446744073709551615 */"), text)
        XCTAssertTrue(text.contains("int range_start = 2;"), text)
        XCTAssertTrue(text.contains("range_end = 5;"), text)
        XCTAssertTrue(text.contains("select(mm_pick : 1 .. 4);"), text)
        XCTAssertTrue(text.contains("((spte_hva[0]) >= (range_start))"), text)
        XCTAssertFalse(text.contains("140107642073089;"), "no 64-bit literal in code: \(text)")
    }

    func testArithmeticOnAnAddressBeyond32BitsIsRefusedNamingIt() throws {
        let message = try refusal(WideValueModels.hvaArithmetic)
        XCTAssertTrue(message.hasPrefix("cannot export to Promela faithfully: vcpu.hva holds values beyond"), message)
        XCTAssertTrue(message.contains("step advance"), message)
    }

    func testADataChoiceTooWideToEncodeIsRefusedWithoutEnumeratingIt() throws {
        for hi in [Int64.max, 0xFFFF_FFFF] {
            let message = try refusal(WideValueModels.wideChoice(hi: hi))
            XCTAssertTrue(message.contains("reader.seq"), message)
            XCTAssertTrue(message.contains("0...\(hi)"), message)
        }
    }

    /// A choice within Promela's int exports as before, as a select over the values.
    func testADataChoiceWithin31BitsExportsAsASelect() throws {
        let text = try PromelaExporter(program: try program(WideValueModels.wideChoice(hi: 1 << 20))).render()
        XCTAssertTrue(text.contains("select(mm_pick : 0 .. 1048576);"), text)
    }

    /// A 64-bit counter that overflows 32 bits and is then truncated (TinyProtocols' snapshot):
    /// refused, since Promela would wrap it at 32 bits.
    func testACounterThatCrosses32BitsIsRefused() throws {
        let m = TinyProtocols.counterSnapshot()
        let message = try refusal(m)
        XCTAssertTrue(message.contains("ctr"), message)
    }

    /// The static analysis runs each step for every instance: instance 1 computes 2^31 (as 2^30 * 2), which Promela's int lacks.
    func testEveryInstanceIndexCountsInTheStaticAnalysis() throws {
        let m = ProtocolModel("per-instance", summary: "a value that depends on the instance") { _ in
            let x = Global("x", .u64)
            x
            Process("worker", instances: 2) {
                let i = Local("i", .u64)
                i
                Step("scale") {
                    i <- selfIndex
                    x <- i * 0x4000_0000 * 2
                }
            }
            Invariant("any") { x == x }
        }
        let message = try refusal(m)
        XCTAssertTrue(message.hasPrefix("cannot export to Promela faithfully: x holds values beyond 32 bits"), message)
    }

    /// The static analysis widens a counter in a loop; the exploration finds it small: exported as before.
    func testASmallCounterInALoopIsExportedPlainly() throws {
        let text = try PromelaExporter(program: try program(WideValueModels.loopCounter)).render()
        XCTAssertTrue(text.contains("int count = 0;"), text)
        XCTAssertTrue(text.contains("count = ((count) + (1));"), text)
        XCTAssertFalse(text.contains("rank"), text)
    }

    /// Every preset of the catalog, also at its largest sizes, still exports (no refusal, no ranks).
    func testTheCatalogExportsPlainlyAtEverySize() throws {
        for model in ModelCatalog.all {
            for preset in model.presets {
                let text = try PromelaExporter(program: try program(model, preset.name)).render()
                XCTAssertFalse(text.contains("rank"), "\(model.name) \(preset.name)")
            }
            let largest = model.parameters.map { ($0.name, String($0.range.upperBound)) }
            let big = try model.instantiate(try model.configuration(overrides: largest))
            XCTAssertNoThrow(try PromelaExporter(program: big).render(), "\(model.name) \(largest)")
        }
    }
}
