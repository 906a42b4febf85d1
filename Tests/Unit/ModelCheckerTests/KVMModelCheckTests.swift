import ModelChecker
import Models
import ProtocolDSL
import RandomProtocols
import XCTest

/// The KVM models: presets give their documented verdicts, and the seed race reads as in the kernel thread.
final class KVMModelCheckTests: XCTestCase {
    func program(_ model: ProtocolModel, _ preset: String, _ overrides: [(String, String)] = []) throws -> Program {
        try model.instantiate(try model.configuration(preset: preset, overrides: overrides))
    }

    func testEveryPresetHasItsDocumentedVerdictOnBothEnginesWithTheSameShortestLength() throws {
        for model in ModelCatalog.replayable {
            for preset in model.presets {
                let p = try program(model, preset.name)
                if !p.liveness.isEmpty {
                    try assertSafetyAndLivenessGive(preset, p, "\(model.name) \(preset.name)")
                    continue
                }
                let explicit = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 60))
                // BMC to the full depth is slow for two invalidators (see README); bound it there.
                // gfn-invalidate's BMC takes 50-230 s per preset to its full depth even in a release
                // build: depth 8 here, the full depth with MMUSPEC_SLOW_TESTS=1.
                let gfnSlow = model.name == "gfn-invalidate" && !SlowTests.enabled
                let slow = (model.name == "notifier-invalidate" && p.configuration.parameters["invalidators"] == 2) || gfnSlow
                let bmc = try BoundedChecker(program: p).check(CheckOptions(maxDepth: gfnSlow ? 8 : slow ? 14 : 60))
                let what = "\(model.name) \(preset.name)"
                switch (preset.expected, explicit) {
                case (.holds, .holds(_, true)):
                    if case .violated = bmc { XCTFail("\(what): bmc found a violation") }
                    if !slow, case .holds(_, let complete) = bmc { XCTAssertTrue(complete, "\(what): bmc not complete") }
                case (.violated, .violated(let t)):
                    if slow {
                        if case .violated(let b) = bmc { XCTAssertEqual(b[0].steps.count, t[0].steps.count, what) }
                    } else {
                        guard case .violated(let b) = bmc else { XCTFail("\(what): bmc missed it: \(bmc)"); continue }
                        XCTAssertEqual(b[0].steps.count, t[0].steps.count, "\(what): shortest lengths differ")
                        XCTAssertEqual(b[0].violation?.name, t[0].violation?.name, what)
                    }
                default:
                    XCTFail("\(what): expected \(preset.expected), explicit gave \(explicit)")
                }
            }
        }
    }

    /// A preset with liveness properties (a vCPU that retries forever) has its documented verdict
    /// from the complete safety search and the liveness search together. BMC's safety search is
    /// left out: unbounded retries make it slow to the full depth, and `KVMLivenessTests`
    /// compares the engines on the liveness properties.
    func assertSafetyAndLivenessGive(_ preset: Preset, _ p: Program, _ what: String) throws {
        let safety = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 60))
        var violated: Bool
        switch safety {
        case .holds(_, true): violated = false
        case .violated: violated = true
        default: return XCTFail("\(what): the safety search did not finish: \(safety)")
        }
        for result in try LivenessChecker(program: p).check() {
            switch result.outcome {
            case .violated: violated = true
            case .holds, .proved: break
            case .unknown(let reason): XCTFail("\(what) \(result.property): unknown (\(reason))")
            }
        }
        XCTAssertEqual(violated ? Expectation.violated : .holds, preset.expected, what)
    }

    func testUpstreamApicAccessZapHoldsWithTwoAndThreeVCPUs() throws {
        for n in [2, 3] {
            let p = try program(APICAccessZap.model, "upstream", [("vcpus", String(n))])
            guard case .holds(_, true) = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 100)) else {
                return XCTFail("upstream must hold with \(n) vCPUs")
            }
        }
        let p2 = try program(APICAccessZap.model, "upstream", [("vcpus", "2")])
        guard case .holds = try BoundedChecker(program: p2).check(CheckOptions(maxDepth: 16)) else {
            return XCTFail("bmc: upstream must hold with 2 vCPUs up to depth 16")
        }
    }

    /// The swimlane of zap-read-lock-bump reads as Sean's race: the vCPU passes its retry check,
    /// the inhibit runs its whole zap under the shared lock, then the vCPU maps the APIC page.
    func testSeedRaceReadsAsInTheKernelThread() throws {
        let p = try program(APICAccessZap.model, "zap-read-lock-bump")
        guard case .violated(let traces) = try BoundedChecker(program: p).check(CheckOptions(maxDepth: 30)) else {
            return XCTFail("zap-read-lock-bump must be violated")
        }
        let labels = traces[0].schedule.map(\.description)
        func at(_ s: String) throws -> Int { try XCTUnwrap(labels.firstIndex(of: s), "missing \(s) in \(labels)") }
        XCTAssertLessThan(try at("vcpu[0] fault.retry_check"), try at("inhibit[0] zap.lock"))
        XCTAssertLessThan(try at("inhibit[0] zap.unlock"), try at("vcpu[0] fault.map"))
        let zapLock = traces[0].steps[try at("inhibit[0] zap.lock")]
        XCTAssertEqual(zapLock.changes, [Change(variable: "mmu_lock", old: "free", new: "shared")])
        XCTAssertEqual(traces[0].violation?.name, "apic_unmapped_after_inhibit")
        XCTAssertEqual(traces[0].steps.count, 13)
    }

    func testEveryApicFlagCombinationAgreesAcrossEnginesAtOneVCPU() throws {
        let model = APICAccessZap.model
        for flags in ApicFlagCombinations.all(vcpus: 1) {
            let p = try model.instantiate(try model.configuration(overrides: flags))
            let bmc = try BoundedChecker(program: p).check(CheckOptions(maxDepth: 40))
            let explicit = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 40))
            switch (bmc, explicit) {
            case (.violated(let a), .violated(let b)):
                XCTAssertEqual(a[0].steps.count, b[0].steps.count, "\(flags)")
            case (.holds(_, true), .holds(_, true)):
                break
            default:
                XCTFail("\(flags): bmc \(bmc) vs explicit \(explicit)")
            }
        }
    }
}
