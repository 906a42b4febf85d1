import Foundation
import ModelChecker
import ProtocolDSL
import XCTest

/// SPIN agrees with us on models with addresses beyond 32 bits (`WideValueModels.hvaRange`),
/// exported with their values written as ranks: the preset that holds holds in SPIN, the one
/// that is violated is violated. These models are not in the catalog, so the exporter is run
/// here as a library (the CLI's `PromelaSpinTests` covers every catalog preset).
final class PromelaWideSpinTests: XCTestCase {
    func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    func run(_ tool: String, _ args: [String], in dir: URL) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// SPIN's verdict on `text`: true when pan reports no error.
    func spinHolds(_ text: String, _ name: String) throws -> Bool {
        guard let spin = which("spin"), let gcc = which("gcc") else {
            throw XCTSkip("spin or gcc is not installed (apt-get install spin)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmuspec-spin-wide-\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("m.pml"), atomically: true, encoding: .utf8)
        let (spinStatus, spinOut) = try run(spin, ["-a", "m.pml"], in: dir)
        XCTAssertEqual(spinStatus, 0, "\(name): spin -a failed: \(spinOut)")
        let (gccStatus, gccOut) = try run(gcc, ["-O2", "-DSAFETY", "-w", "-o", "pan", "pan.c"], in: dir)
        XCTAssertEqual(gccStatus, 0, "\(name): gcc failed: \(gccOut)")
        let (_, pan) = try run(dir.appendingPathComponent("pan").path, ["-m1000000"], in: dir)
        XCTAssertTrue(pan.contains("errors: "), "\(name): pan said \(pan)")
        return pan.contains("errors: 0")
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
