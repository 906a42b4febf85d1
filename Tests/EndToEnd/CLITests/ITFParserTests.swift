import Foundation
import XCTest

/// Every violated preset's ITF, as `check --format itf` writes it, parses with itf-py (the
/// Apalache/Quint ITF reader on PyPI) with one state per step plus the initial state (a lasso:
/// its loop's start once, with `loop` pointing back to it).
///
/// Needs python3 with itf-py (`pip install itf-py`; `.ci/run` installs it when it can); the
/// test says so and skips when either is missing.
final class ITFParserTests: XCTestCase {
    /// Reads ITF documents from stdin (one pretty document, or JSON Lines with `lines`) with
    /// `itf_py.trace_from_json`, which also turns every record into fields and every `#map`,
    /// `#bigint` into Python values, and prints each trace's state count on a line.
    static let reader = """
        import json, sys, itf_py
        text = sys.stdin.read()
        docs = [json.loads(l) for l in text.splitlines() if l.strip()] if sys.argv[1] == "lines" else [json.loads(text)]
        for d in docs:
            t = itf_py.trace_from_json(d)
            print(len(t.states))
        """

    /// The first python3 on PATH (then /usr/bin, /usr/local/bin) that imports itf_py.
    func python3() throws -> URL {
        let candidates = ((ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
                          + ["/usr/bin/python3", "/usr/local/bin/python3"])
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
        if candidates.isEmpty {
            throw XCTSkip("python3 is not installed; this test parses ITF with itf-py (pip install itf-py)")
        }
        for path in candidates where try run(URL(fileURLWithPath: path), ["-c", "import itf_py"], input: "").status == 0 {
            return URL(fileURLWithPath: path)
        }
        throw XCTSkip("itf-py is not installed for \(candidates) (pip install itf-py); this test parses ITF with it")
    }

    func run(_ exe: URL, _ args: [String], input: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        let inp = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = inp
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let writer = Thread { inp.fileHandleForWriting.write(Data(input.utf8)); try? inp.fileHandleForWriting.close() }
        writer.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// (model, preset) for every preset `mmuspec list` marks `[violated]`.
    func violatedPresets() throws -> [(model: String, preset: String)] {
        let list = try CLIRunner.run(["list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        var model = "", result: [(String, String)] = []
        for line in list.stdout.split(separator: "\n") {
            if !line.hasPrefix(" "), let colon = line.firstIndex(of: ":") { model = String(line[..<colon]) }
            let words = line.split(separator: " ")
            if words.count >= 2, words[1].hasPrefix("[violated]") { result.append((model, String(words[0]))) }
        }
        return result
    }

    /// The number of ITF states of each counterexample `check --format json` reports: one per
    /// step plus the initial state; a lasso whose loop has steps lists its loop's start once
    /// (ITF's `loop` points back to it). Without a safety counterexample, the liveness lassos.
    func stateCounts(_ model: String, _ preset: String, _ n: Int) throws -> [Int] {
        let r = try CLIRunner.run(["check", model, "--variant", preset, "--format", "json",
                                   "--max-counterexamples", String(n)])
        XCTAssertEqual(r.status, 1, "\(model) \(preset): \(r.stderr)")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        var ces = try XCTUnwrap(json["counterexamples"] as? [[String: Any]])
        if ces.isEmpty {
            ces = (json["liveness"] as? [[String: Any]] ?? []).compactMap { $0["counterexample"] as? [String: Any] }
        }
        return try ces.map { ce in
            let length = try XCTUnwrap(ce["length"] as? Int)
            return (ce["loop_start"] as? Int).map { $0 < length ? length : length + 1 } ?? length + 1
        }
    }

    func testEveryViolatedPresetsITFParsesWithItfPyWithOneStatePerStepPlusTheInitialState() throws {
        let python = try python3()
        let presets = try violatedPresets()
        XCTAssertGreaterThanOrEqual(presets.count, 9, "the catalog's violated presets: \(presets)")
        for (model, preset) in presets {
            let itf = try CLIRunner.run(["check", model, "--variant", preset, "--format", "itf"])
            XCTAssertEqual(itf.status, 1, "\(model) \(preset): \(itf.stderr)")
            let parsed = try run(python, ["-c", Self.reader, "doc"], input: itf.stdout)
            XCTAssertEqual(parsed.status, 0, "itf-py rejects \(model) \(preset): \(parsed.stderr)")
            XCTAssertEqual(parsed.stdout, "\(try XCTUnwrap(stateCounts(model, preset, 1).first))\n", "\(model) \(preset)")
        }
    }

    /// `--max-counterexamples N --format itf` is JSON Lines: every line is one ITF document.
    func testSeveralCounterexamplesAreJSONLinesOfITFDocumentsThatItfPyParses() throws {
        let python = try python3()
        for (model, preset) in [("notifier-invalidate", "no-retry"), ("apic-access-zap", "zap-read-lock")] {
            let itf = try CLIRunner.run(["check", model, "--variant", preset, "--format", "itf",
                                         "--max-counterexamples", "3"])
            XCTAssertEqual(itf.status, 1, itf.stderr)
            let parsed = try run(python, ["-c", Self.reader, "lines"], input: itf.stdout)
            XCTAssertEqual(parsed.status, 0, "itf-py rejects \(model) \(preset): \(parsed.stderr)")
            let expected = try stateCounts(model, preset, 3).map { "\($0)\n" }.joined()
            XCTAssertEqual(parsed.stdout, expected, "\(model) \(preset)")
            XCTAssertEqual(itf.stdout.split(separator: "\n").count, expected.split(separator: "\n").count)
        }
    }
}
