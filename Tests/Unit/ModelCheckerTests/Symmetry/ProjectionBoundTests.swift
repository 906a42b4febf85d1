@testable import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// `auto` rules out a shorter counterexample at the real size with a search of the family capped
/// at the members a shorter one can need (`ProjectionBound`): that search must give the length
/// the search of the real size gives, shorter or not, and must not run when the capped program
/// is not the real one without the other members.
final class ProjectionBoundTests: XCTestCase {
    /// A worker writes `x` at its 4th step and again at its 10th (`x` counts the writes, and
    /// two break `x < 2`): alone it needs 10 steps, two workers 8. With `limitFromCount`, a
    /// global also takes the worker count as its initial value, which a capped program changes.
    static func twoWrites(limitFromCount: Bool = false) -> ProtocolModel {
        ProtocolModel("two-writes", summary: "a write at the 4th and at the 10th step",
                      parameters: [ParameterDecl("workers", default: 4, range: 1...4, "workers")]) { cfg in
            let x = Global("x", .u8)
            let limit = Global("limit", .u8, initial: .value(.int(Int64(limitFromCount ? cfg.param("workers") : 4))))
            x
            limit
            Process("worker", instances: cfg.param("workers")) {
                Step("a1") {}
                Step("a2") {}
                Step("a3") {}
                Step("w1") { x <- x + 1 }
                for b in 1...5 { Step("b\(b)") {} }
                Step("w2") { x <- x + 1 }
            }
            Invariant("one_write") { x < 2 }
        }
    }

    /// A worker sets `y` at its 4th step and, reading `y == 1`, sets `z` at its 8th: one worker
    /// alone is as fast as any number (8 steps), and a second one's write only delays it.
    static var lateFlag: ProtocolModel {
        ProtocolModel("late-flag", summary: "a flag set at the 8th step",
                      parameters: [ParameterDecl("workers", default: 4, range: 1...4, "workers")]) { cfg in
            let y = Global("y", .u8)
            let z = Global("z", .u8)
            y
            z
            Process("worker", instances: cfg.param("workers")) {
                Step("a1") {}
                Step("a2") {}
                Step("a3") {}
                Step("set") { y <- y + 1 }
                Step("b1") {}
                Step("b2") {}
                Step("b3") {}
                Step("flag") { If(y == 1) { z <- 1 } }
            }
            Invariant("no_flag") { z == 0 }
        }
    }

    func route(_ model: ProtocolModel) throws -> (length: Int, notes: [String], plain: Int) {
        let p = try model.instantiate(try model.configuration())
        let heard = AutoRouteTests.Notices()
        let options = CheckOptions(maxDepth: 60, notice: { heard.lines.append($0) }, model: model)
        guard case .violated(let traces) = try Engine.auto.check(p, options).0,
              case .violated(let plain) = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 60, symmetry: false))
        else {
            XCTFail("\(model.name): no violation")
            return (0, heard.lines, 0)
        }
        XCTAssertNotNil(try Interpreter(layout: StateLayout(p)).trace(of: traces[0].run).violation,
                        "\(model.name): the counterexample is not one of the real program")
        return (traces[0].steps.count, heard.lines, plain[0].steps.count)
    }

    /// auto's counterexample and the plain search's have `length` steps, and auto said `note`.
    func assertRoute(_ model: ProtocolModel, length: Int, note: String,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try route(model)
        XCTAssertEqual(r.length, length, file: file, line: line)
        XCTAssertEqual(r.plain, length, file: file, line: line)
        XCTAssertEqual(r.notes, [note], file: file, line: line)
    }

    func testAShorterViolationWithFewerMembersThanTheRealSizeIsFoundOnTheCappedProgram() throws {
        // 9 steps pay for two writers (4 steps each), and a deadlock needs one more member.
        try assertRoute(Self.twoWrites(), length: 8,
                        note: "auto: a violation in 10 steps with 1 worker, replayed with 4 workers; a shorter one "
                            + "exists (explicit search to 9 steps with 3 workers: a counterexample of at most "
                            + "9 steps needs no more)")
    }

    func testNoShorterViolationIsConfirmedOnTheCappedProgram() throws {
        try assertRoute(Self.lateFlag, length: 8,
                        note: "auto: a violation in 8 steps with 1 worker, replayed with 4 workers; none is "
                            + "shorter (explicit search to 7 steps with 2 workers: a counterexample of at most "
                            + "7 steps needs no more)")
    }

    func testAProgramThatTheCountAlsoChangesIsSearchedAtItsRealSize() throws {
        let model = Self.twoWrites(limitFromCount: true)
        let p = try model.instantiate(try model.configuration())
        let small = try XCTUnwrap(try InstanceScaler(model: model, configuration: p.configuration).capped(at: ["worker": 3]))
        XCTAssertFalse(ProjectionBound.isRestriction(small, of: p))
        let r = try route(model)
        XCTAssertEqual(r.length, 8)
        XCTAssertEqual(r.notes, ["auto: a violation in 10 steps with 1 worker, replayed with 4 workers; a shorter one "
                                 + "exists (explicit search to 9 steps)"])
        // Without the count in the data, the capped program is a restriction.
        let plain = try Self.twoWrites().instantiate(try Self.twoWrites().configuration())
        let capped = try XCTUnwrap(try InstanceScaler(model: Self.twoWrites(), configuration: plain.configuration)
            .capped(at: ["worker": 3]))
        XCTAssertTrue(ProjectionBound.isRestriction(capped, of: plain))
    }

    /// gfn-invalidate's vCPU writes a global first at `fault.map`, its 5th step, acquires at its
    /// 3rd (`fault.lock`) and indexes an array at its 2nd (`fault.gup`): 17 steps need at most
    /// 4 vCPUs (3 writers and the raising one, or 2 writers, a holder and a blocked one), 21
    /// steps 5.
    func testGFNInvalidateVCPUsNeededByItsShorterCounterexamples() throws {
        let m = GFNInvalidate.model
        let p = try m.instantiate(try m.configuration(preset: "range-overwrite", overrides: [("vcpus", "8")]))
        let vcpu = try XCTUnwrap(p.kinds.firstIndex { $0.name == "vcpu" })
        let steps = p.kinds[vcpu].steps
        XCTAssertEqual(ProjectionBound.distance(steps) { $0.label == "fault.map" }, 5)
        XCTAssertEqual(ProjectionBound.distance(steps) { $0.acquire != nil }, 3)
        XCTAssertEqual(ProjectionBound.members(of: vcpu, in: p, steps: 17), 4)
        XCTAssertEqual(ProjectionBound.members(of: vcpu, in: p, steps: 21), 5)
        XCTAssertEqual(ProjectionBound.members(of: vcpu, in: p, steps: 4), 2, "a holder (3 steps) and a blocked vCPU")
        let small = try XCTUnwrap(try InstanceScaler(model: m, configuration: p.configuration).capped(at: ["vcpu": 4]))
        XCTAssertTrue(ProjectionBound.isRestriction(small, of: p))
    }
}
