import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// The SMT-LIB2 export's size: linear in the depth, estimated before it is built, refused past its limit.
final class SMTExportSizeTests: XCTestCase {
    func exporter(vcpus: Int) throws -> SMTExport {
        let m = try ModelCatalog.model(named: "apic-access-zap")
        let c = try m.configuration(preset: "upstream", overrides: [("vcpus", String(vcpus))])
        return SMTExport(program: try m.instantiate(c))
    }

    /// Each further step adds about as much text as the one before: doubling the depth from 12
    /// to 24 must not more than double the growth (nested state terms made it quadratic).
    func testTheScriptGrowsLinearlyWithTheDepth() throws {
        let e = try exporter(vcpus: 4)
        let sizes = try [6, 12, 24].map { try e.smtlib2(depth: $0).utf8.count }
        let firstGrowth = sizes[1] - sizes[0], secondGrowth = sizes[2] - sizes[1]
        XCTAssertLessThan(Double(secondGrowth), 2.3 * Double(firstGrowth), "sizes \(sizes)")
    }

    /// The estimate is an upper bound of the real size, and not far above it.
    func testTheEstimateIsAtLeastTheRealSizeAndWithinAQuarterOfIt() throws {
        let e = try exporter(vcpus: 4)
        for depth in [3, 10, 30] {
            let real = try e.smtlib2(depth: depth).utf8.count
            let estimate = try e.estimatedSize(depth: depth)
            XCTAssertGreaterThanOrEqual(estimate, real, "depth \(depth)")
            XCTAssertLessThan(Double(estimate), 1.25 * Double(real), "depth \(depth)")
        }
    }

    /// Past the limit the export throws a refusal that names the estimate, the limit and what to lower.
    func testAScriptOverTheLimitIsRefusedBeforeItIsBuilt() throws {
        let e = try exporter(vcpus: 16)
        XCTAssertThrowsError(try e.smtlib2(depth: 1000)) { error in
            let message = (error as? ExportRefusal)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("over the limit of 256 MB; lower --depth or --vcpus"), message)
        }
    }
}
