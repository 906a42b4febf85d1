import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// Coverage in one breadth-first pass says what one reachability query per label says.
final class CoverageOnePassTests: XCTestCase {
    func testOnePassAgreesWithAQueryPerLabel() throws {
        for name in ["apic-access-zap", "tdp-shared-fault"] {
            let model = try ModelCatalog.model(named: name)
            for preset in model.presets {
                let p = try model.instantiate(try model.configuration(preset: preset.name))
                let onePass = try LabelCoverage(program: p).run(engine: .explicit, maxDepth: 60)
                let perLabel = try LabelCoverage(program: p).run(engine: .bmc, maxDepth: 60)
                XCTAssertEqual(onePass.map(\.firstDepth), perLabel.map(\.firstDepth), "\(name) \(preset.name)")
                XCTAssertEqual(onePass.map(\.label), perLabel.map(\.label))
                XCTAssertFalse(onePass.contains { $0.unknown }, "\(name) \(preset.name)")
            }
        }
    }

    /// A location only reachable by executions longer than the depth is not called unreachable in every execution.
    func testALocationBeyondTheDepthIsUnreachableOnlyWithinIt() throws {
        let model = try ModelCatalog.model(named: "apic-access-zap")
        let p = try model.instantiate(try model.configuration(preset: "upstream"))
        let entries = try LabelCoverage(program: p).run(engine: .explicit, maxDepth: 6)
        let done = try XCTUnwrap(entries.first { $0.kind == "inhibit" && $0.label == "inhibit.done" })
        XCTAssertNil(done.firstDepth)
        XCTAssertFalse(done.complete, "longer executions exist")
    }
}
