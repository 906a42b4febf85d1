import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// `auto`'s route through a smaller instance: a violation found with one member per family is
/// replayed at the requested size and reported only when nothing shorter exists there; and the
/// shortest counterexample is found at the real size when more members make a shorter one.
final class AutoRouteTests: XCTestCase {
    /// Three cpus add to `n`; one alone needs five steps to reach 3 (a, b, c, d, e), three
    /// together three steps (a, a, a).
    static var fasterTogether: ProtocolModel {
        ProtocolModel("faster-together", summary: "more members, a shorter violation",
                      parameters: [ParameterDecl("cpus", default: 3, range: 1...3, "cpus")]) { cfg in
            let n = Global("n", .u8)
            n
            Process("cpu", instances: cfg.param("cpus")) {
                Step("a") { n <- n + 1 }
                Step("b") {}
                Step("c") {}
                Step("d") { n <- n + 1 }
                Step("e") { n <- n + 1 }
            }
            Invariant("small") { n < 3 }
        }
    }

    /// With one cpu, `n < 1` breaks after its step (1 step); with two, the pairwise invariant
    /// is false in the initial state (0 steps).
    static var brokenFromTheStart: ProtocolModel {
        ProtocolModel("broken-from-the-start", summary: "pairs that start equal",
                      parameters: [ParameterDecl("cpus", default: 2, range: 1...3, "cpus")]) { cfg in
            let n = Global("n", .u8)
            n
            Process("cpu", instances: cfg.param("cpus")) {
                let mark = Local("mark", .u8)
                mark
                Step("go") { n <- n + 1 }
            }
            Invariant("small") { n < 1 }
            Invariant("marks_differ", forAllPairs: "cpu") { a, b in a.local("mark") != b.local("mark") }
        }
    }

    final class Notices: @unchecked Sendable {
        var lines: [String] = []
    }

    func auto(_ model: ProtocolModel, _ overrides: [(String, String)] = [], preset: String? = nil)
        throws -> (CheckOutcome, [String], Program) {
        let p = try model.instantiate(try model.configuration(preset: preset, overrides: overrides))
        let heard = Notices()
        let options = CheckOptions(maxDepth: 60, notice: { heard.lines.append($0) }, model: model)
        return (try Engine.auto.check(p, options).0, heard.lines, p)
    }

    func testAViolationWithOneVCPUIsReplayedAtSixteenAndKnownShortest() throws {
        let (outcome, notes, p) = try auto(APICAccessZap.model, [("vcpus", "16")], preset: "zap-read-lock-bump")
        guard case .violated(let traces) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(traces[0].steps.count, 13)
        // 12 steps: at most 3 vCPUs move in a shorter one (ProjectionBound).
        XCTAssertEqual(notes, ["auto: a violation in 13 steps with 1 vcpu, replayed with 16 vcpus; "
                               + "none is shorter (explicit search to 12 steps with 3 vcpus: a counterexample of at "
                               + "most 12 steps needs no more)"])
        // A concrete execution of the 16-vCPU program.
        XCTAssertNotNil(try Interpreter(layout: StateLayout(p)).trace(of: traces[0].run).violation)
        // The same length as the search of the real size finds by itself.
        guard case .violated(let plain) = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 60)) else {
            return XCTFail("explicit search at 16 vCPUs found no violation")
        }
        XCTAssertEqual(plain[0].steps.count, 13)
    }

    func testMoreMembersMakingAShorterViolationAreSearchedAtTheRealSize() throws {
        let (outcome, notes, _) = try auto(Self.fasterTogether)
        guard case .violated(let traces) = outcome else { return XCTFail("\(outcome)") }
        // One cpu alone: 5 steps; the real size has a 3-step one, and auto returns that.
        XCTAssertEqual(traces[0].steps.count, 3)
        XCTAssertEqual(notes, ["auto: a violation in 5 steps with 1 cpu, replayed with 3 cpus; "
                               + "a shorter one exists (explicit search to 4 steps)"])
    }

    func testAOneStepViolationFromOneCPUIsCheckedAgainstTheInitialStatesOfTheRealSize() throws {
        let (outcome, notes, _) = try auto(Self.brokenFromTheStart)
        guard case .violated(let traces) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(traces[0].steps.count, 0)
        XCTAssertEqual(notes, ["auto: a violation in 1 step with 1 cpu, replayed with 2 cpus; "
                               + "a shorter one exists (explicit search to 0 steps)"])
    }

    func testWithoutTheModelAutoSearchesTheProgramAsGiven() throws {
        let model = APICAccessZap.model
        let p = try model.instantiate(try model.configuration(preset: "zap-read-lock-bump", overrides: [("vcpus", "3")]))
        let heard = Notices()
        let outcome = try Engine.auto.check(p, CheckOptions(maxDepth: 60, notice: { heard.lines.append($0) })).0
        guard case .violated(let traces) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(traces[0].steps.count, 13)
        XCTAssertEqual(heard.lines, [])
    }

    func testAHoldingPresetBeyondTheFirstExplicitBudgetIsProvedAndTheProofSaysSo() throws {
        // 3 vCPUs and 2 invalidators: 361,233 orbits, past the first budget.
        let (outcome, notes, _) = try auto(NotifierInvalidate.model, [("vcpus", "3")], preset: "upstream")
        XCTAssertEqual(outcome, .proved(.invisible))
        XCTAssertEqual(notes, ["explicit search: more than \(100_000) states; trying prove's invisible engine"])
    }

    func testWithMoreThanFourMembersTheProofComesBeforeTheExplicitSearch() throws {
        let (outcome, notes, _) = try auto(APICAccessZap.model, [("vcpus", "8")], preset: "upstream")
        XCTAssertEqual(outcome, .proved(.invisible))
        XCTAssertEqual(notes, ["a family has more than 4 members: trying prove's invisible engine first"])
    }

    func testABoundedHoldsIsProvedWithSymmetryAndStaysBoundedWithout() throws {
        let model = APICAccessZap.model
        let p = try model.instantiate(try model.configuration(preset: "upstream", overrides: [("vcpus", "3")]))
        let bounded = try Engine.auto.check(p, CheckOptions(maxDepth: 10, symmetry: false, model: model)).0
        XCTAssertEqual(bounded, .holds(depth: 10, complete: false))
        let proved = try Engine.auto.check(p, CheckOptions(maxDepth: 10, model: model)).0
        XCTAssertEqual(proved, .proved(.invisible))
    }
}
