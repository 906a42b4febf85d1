import XCTest
@testable import ProtocolDSL

/// Flags, parameters and presets: defaults, overrides, and errors for values the model does not allow.
/// Configuration errors come from command-line values, not from the model's source, so they carry no location.
final class ConfigurationTests: XCTestCase {
    private let model = ProtocolModel(
        "cfg-model", summary: "configuration test",
        flags: [
            .bool("fast_path", default: false, "take the fast path"),
            .choice("lock_mode", ["read", "write"], default: "write", "mode of the lock"),
        ],
        parameters: [ParameterDecl("workers", default: 2, range: 1...4, "worker instances")],
        presets: [
            Preset("upstream", ["fast_path": "true", "workers": "3"], expected: .holds, "the real thing"),
            Preset("broken", ["lock_mode": "sometimes"], expected: .violated, "a preset with a bad value"),
        ]
    ) { cfg in
        let n = Global("n", .u32)
        n
        Process("worker", instances: cfg.param("workers")) {
            Step("go") {
                if cfg.flag("fast_path") { n <- 1 } else { n <- 2 }
            }
        }
    }

    func testDefaults() throws {
        let c = try model.configuration()
        XCTAssertEqual(c.flags, ["fast_path": "false", "lock_mode": "write"])
        XCTAssertEqual(c.parameters, ["workers": 2])
        XCTAssertNil(c.preset)
        XCTAssertEqual(try model.instantiate(c).instances.count, 2)
    }

    func testPresetThenOverridesInOrder() throws {
        let c = try model.configuration(preset: "upstream", overrides: [("workers", "1"), ("workers", "4")])
        XCTAssertEqual(c.flags["fast_path"], "true")
        XCTAssertEqual(c.parameters["workers"], 4, "the last override wins over the preset")
        XCTAssertEqual(c.preset, "upstream")
        let p = try model.instantiate(c)
        XCTAssertEqual(p.instances.count, 4)
        guard case .assign(_, .const(let v, _))? = body(p).first else { return XCTFail("expected n <- 1") }
        XCTAssertEqual(v, 1, "the flag selected the fast path")
    }

    func testFlagValueOutOfItsDomain() {
        assertModelError(.flagValue, mentions: ["'fast_path'", "'maybe'", "valid: true, false"], at: nil) {
            try self.model.configuration(overrides: [("fast_path", "maybe")])
        }
        assertModelError(.flagValue, mentions: ["'lock_mode'", "'exclusive'", "valid: read, write"], at: nil) {
            try self.model.configuration(overrides: [("lock_mode", "exclusive")])
        }
    }

    func testPresetWithAValueOutOfItsDomain() {
        assertModelError(.flagValue, mentions: ["'lock_mode'", "'sometimes'"], at: nil) {
            try self.model.configuration(preset: "broken")
        }
    }

    func testUnknownFlagOrParameter() {
        assertModelError(.unknownFlag, mentions: ["'turbo'", "valid: fast_path, lock_mode, workers"], at: nil) {
            try self.model.configuration(overrides: [("turbo", "true")])
        }
    }

    func testParameterOutOfRange() {
        assertModelError(.parameterValue, mentions: ["'workers'", "1...4", "'9'"], at: nil) {
            try self.model.configuration(overrides: [("workers", "9")])
        }
        assertModelError(.parameterValue, mentions: ["'workers'", "'0'"], at: nil) {
            try self.model.configuration(overrides: [("workers", "0")])
        }
        assertModelError(.parameterValue, mentions: ["'workers'", "'two'"], at: nil) {
            try self.model.configuration(overrides: [("workers", "two")])
        }
    }

    func testUnknownPreset() {
        assertModelError(.unknownPreset, mentions: ["'cfg-model'", "'nope'", "valid: upstream, broken"], at: nil) {
            try self.model.configuration(preset: "nope")
        }
    }

    func testModelReadingAnUndeclaredFlag() {
        let m = ProtocolModel("reader", summary: "") { cfg in
            Process("p") {
                Step("s") {
                    if cfg.flag("ghost_flag") { Terminate() }
                }
            }
        }
        assertModelError(.unknownFlag, mentions: ["'ghost_flag'", "'reader'"], at: nil) {
            try m.instantiate(try m.configuration())
        }
    }

    func testModelReadingAnUndeclaredParameter() {
        let m = ProtocolModel("reader", summary: "") { cfg in
            Process("p", instances: cfg.param("ghost_count")) { Step("s") }
        }
        assertModelError(.unknownParameter, mentions: ["'ghost_count'", "'reader'"], at: nil) {
            try m.instantiate(try m.configuration())
        }
    }

    func testDuplicateFlagNameIsAnErrorNotACrash() {
        let m = ProtocolModel("dup", summary: "",
                              flags: [.bool("f", default: true, "one"), .bool("f", default: false, "two")]) { _ in
            Process("p") { Step("s") }
        }
        assertModelError(.duplicateName, mentions: ["'f'", "'dup'"], at: nil) {
            try m.configuration()
        }
    }
}
