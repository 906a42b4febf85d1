import Foundation
import ModelChecker
import ProtocolDSL
import RandomProtocols
import XCTest

/// SPIN agrees with us on models with addresses beyond 32 bits (`WideValueModels.hvaRange`),
/// exported with their values written as ranks: the preset that holds holds in SPIN, the one
/// that is violated is violated. These models are not in the catalog, so the exporter is run
/// here as a library (the CLI's `PromelaSpinTests` covers every catalog preset).
final class PromelaWideSpinTests: XCTestCase {
    /// SPIN's verdict on `text`: true when pan reports no error over the whole state space.
    func spinHolds(_ text: String, _ name: String) throws -> Bool {
        guard let spin = SpinRunner() else { throw XCTSkip("spin or gcc is not installed (apt-get install spin)") }
        switch try spin.check(promela: text, name: "wide-\(name)") {
        case .holds: return true
        case .violated: return false
        case let other:
            XCTFail("\(name): SPIN did not decide: \(other)")
            return false
        }
    }

    func testSpinAgreesOnAddressesBeyond32Bits() throws {
        let m = WideValueModels.hvaRange
        for preset in m.presets {
            for vcpus in [1, 2, 3] {
                let program = try m.instantiate(try m.configuration(preset: preset.name, overrides: [("vcpus", String(vcpus))]))
                let ours = try ExplicitChecker(program: program).check(CheckOptions(maxDepth: 60))
                let oursHolds: Bool
                switch ours {
                case .holds: oursHolds = true
                case .violated: oursHolds = false
                default: return XCTFail("\(preset.name): \(ours)")
                }
                XCTAssertEqual(oursHolds, preset.expected == .holds, "\(preset.name) at \(vcpus) vCPUs")
                let text = try PromelaExporter(program: program).render()
                XCTAssertTrue(text.contains("written as the rank of the value"), text)
                XCTAssertEqual(try spinHolds(text, "\(preset.name)-\(vcpus)"), oursHolds,
                               "\(preset.name) at \(vcpus) vCPUs: SPIN disagrees with mmuspec (\(ours))")
            }
        }
    }

    /// u32 values from 2^31 are negative in Promela's int: ranked, they still compare as unsigned.
    func testSpinAgreesOnUnsigned32BitValuesFromTwoToThe31() throws {
        let m = WideValueModels.unsignedHalf
        let program = try m.instantiate(try m.configuration())
        guard case .holds = try ExplicitChecker(program: program).check(CheckOptions(maxDepth: 10)) else {
            return XCTFail("unsigned-half does not hold")
        }
        let text = try PromelaExporter(program: program).render()
        XCTAssertTrue(text.contains("written as the rank of the value: high, low: 0 = 2147483647, 1 = 2147483648"), text)
        XCTAssertTrue(try spinHolds(text, "unsigned-half"), "SPIN finds a violation on a model that holds")
    }
}
