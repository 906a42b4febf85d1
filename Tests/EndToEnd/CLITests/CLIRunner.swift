import Foundation
import XCTest

/// Runs the built `mmuspec` binary and captures its exit status, stdout and stderr.
struct CLIRunner {
    /// What one run produced.
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `mmuspec` executable beside the test bundle (SwiftPM builds it first: CLITests depends on it).
    static var executable: URL {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleDir, bundleDir.deletingLastPathComponent()].map { $0.appendingPathComponent("mmuspec") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    static func run(_ arguments: [String]) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// Asserts that `arguments` is bad input: exit 2, one line on stderr containing `fragment`, nothing on stdout.
    static func assertUsageError(_ arguments: [String], _ fragment: String, file: StaticString = #filePath,
                                 line: UInt = #line) throws {
        assertUsageError(try run(arguments), of: arguments, fragment, file: file, line: line)
    }

    /// The same assertions on `r`, the result of running `arguments`.
    static func assertUsageError(_ r: Result, of arguments: [String], _ fragment: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        let what = arguments.joined(separator: " ")
        XCTAssertEqual(r.status, 2, "\(what): status \(r.status), stderr \(r.stderr)", file: file, line: line)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.count, 1, "\(what): stderr must be one line, was: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(fragment), "\(what): '\(r.stderr)' lacks '\(fragment)'", file: file, line: line)
        XCTAssertTrue(r.stdout.isEmpty, "\(what): nothing on stdout, was: \(r.stdout)", file: file, line: line)
    }

    /// Every preset `mmuspec list` prints, as (model, preset), read from the preset lines under
    /// each "model:" header ("    NAME [expected]: ...").
    static func presets() throws -> [(model: String, preset: String)] {
        let list = try run(["list"])
        var presets: [(model: String, preset: String)] = []
        var model = ""
        for line in list.stdout.split(separator: "\n").map(String.init) {
            if !line.hasPrefix(" "), let colon = line.firstIndex(of: ":") { model = String(line[..<colon]) }
            if line.hasPrefix("    "), let bracket = line.range(of: " [holds]") ?? line.range(of: " [violated]") {
                presets.append((model, line[..<bracket.lowerBound].trimmingCharacters(in: .whitespaces)))
            }
        }
        return presets
    }
}
