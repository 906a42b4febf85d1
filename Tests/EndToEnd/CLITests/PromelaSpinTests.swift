import Foundation
import RandomProtocols
import XCTest

/// `mmuspec export --format promela` is the same protocol for SPIN: on every preset of every
/// model, SPIN's verdict (`SpinRunner`: spin -a, gcc -DSAFETY, ./pan) equals `mmuspec check`'s
/// (of the invariants, for a model with liveness properties, which the export does not carry).
final class PromelaSpinTests: XCTestCase {
    func testSpinAgreesWithUsOnEveryPreset() throws {
        guard let spin = SpinRunner() else {
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
            let export = try CLIRunner.run(["export", model, "--variant", preset, "--format", "promela"])
            XCTAssertEqual(export.status, 0, export.stderr)
            let verdict = try spin.check(promela: export.stdout, name: "\(model)-\(preset)")
            // The export carries the invariants (and the model's own checks), not liveness
            // properties: compare with `check` of the invariants alone (all of `check` when the
            // model has no liveness property).
            let shown = try CLIRunner.run(["show", model, "--variant", preset]).stdout.split(separator: "\n")
            let invariants = shown.filter { $0.hasPrefix("invariant ") }.map { $0.dropFirst("invariant ".count).dropLast() }
            let selection = shown.contains { $0.hasPrefix("liveness ") } ? invariants.flatMap { ["--property", String($0)] } : []
            let ours = try CLIRunner.run(["check", model, "--variant", preset] + selection)
            switch verdict {
            case .holds, .violated:
                XCTAssertEqual(verdict == .holds, ours.status == 0,
                               "\(model) \(preset): SPIN says \(verdict), mmuspec exit \(ours.status)")
            default:
                XCTFail("\(model) \(preset): SPIN did not decide: \(verdict)")
            }
        }
    }
}
