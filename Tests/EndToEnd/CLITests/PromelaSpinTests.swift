import Foundation
import XCTest

/// `mmuspec export --format promela` is the same protocol for SPIN: on every preset of every
/// model, SPIN's verdict (spin -a, gcc -O2 -DSAFETY, ./pan) equals `mmuspec check`'s.
final class PromelaSpinTests: XCTestCase {
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

    func testSpinAgreesWithUsOnEveryPreset() throws {
        guard let spin = which("spin"), let gcc = which("gcc") else {
            print("PromelaSpinTests: spin or gcc is not installed (apt-get install spin); skipped")
            throw XCTSkip("spin or gcc is not installed")
        }
        let list = try CLIRunner.run(["list"])
        // Preset lines of `mmuspec list` under each "model:" header: "    NAME [expected]: ...".
        var presets: [(String, String)] = []
        var model = ""
        for line in list.stdout.split(separator: "\n").map(String.init) {
            if !line.hasPrefix(" "), let colon = line.firstIndex(of: ":") { model = String(line[..<colon]) }
            if line.hasPrefix("    "), let bracket = line.range(of: " [holds]") ?? line.range(of: " [violated]") {
                presets.append((model, line[..<bracket.lowerBound].trimmingCharacters(in: .whitespaces)))
            }
        }
        XCTAssertGreaterThanOrEqual(presets.count, 17)
        for (model, preset) in presets {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmuspec-spin-\(model)-\(preset)")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let export = try CLIRunner.run(["export", model, "--variant", preset, "--format", "promela"])
            XCTAssertEqual(export.status, 0, export.stderr)
            try export.stdout.write(to: dir.appendingPathComponent("m.pml"), atomically: true, encoding: .utf8)
            let (spinStatus, spinOut) = try run(spin, ["-a", "m.pml"], in: dir)
            XCTAssertEqual(spinStatus, 0, "\(model) \(preset): spin -a failed: \(spinOut)")
            let (gccStatus, gccOut) = try run(gcc, ["-O2", "-DSAFETY", "-w", "-o", "pan", "pan.c"], in: dir)
            XCTAssertEqual(gccStatus, 0, "\(model) \(preset): gcc failed: \(gccOut)")
            let (_, pan) = try run(dir.appendingPathComponent("pan").path, ["-m1000000"], in: dir)
            let spinHolds = pan.contains("errors: 0")
            let ours = try CLIRunner.run(["check", model, "--variant", preset])
            XCTAssertEqual(spinHolds, ours.status == 0,
                           "\(model) \(preset): SPIN says \(spinHolds ? "holds" : "violated"), mmuspec exit \(ours.status)")
            try? FileManager.default.removeItem(at: dir)
        }
    }
}
