import ModelChecker
import ProtocolDSL
import XCTest

/// `Lasso.init` checks a proposed lasso on the interpreter (the door every engine's lasso goes
/// through): it accepts a counterexample and rejects a schedule that is not one.
final class LassoCheckTests: XCTestCase {
    func program(_ m: ProtocolModel) throws -> Program { try m.instantiate(try m.configuration()) }

    /// thread[1] takes and releases the lock: a loop back to the initial state.
    let round = Schedule(initialChoices: [:], steps: [ScheduledStep(instance: 1), ScheduledStep(instance: 1)])

    func assertRejected(_ p: Program, _ schedule: Schedule, loopStart: Int, _ fragment: String,
                        instantiation: String = "thread[0]", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Lasso(program: p, property: p.liveness[0], instantiation: instantiation,
                                       schedule: schedule, loopStart: loopStart), file: file, line: line) { e in
            XCTAssertTrue("\(e)".contains(fragment), "\(e)", file: file, line: line)
        }
    }

    func testAcceptsTheStarvingRoundUnderWeakFairness() throws {
        let p = try program(LivenessProtocols.blockingLock(.weak))
        let l = try Lasso(program: p, property: p.liveness[0], instantiation: "thread[0]", schedule: round, loopStart: 0)
        XCTAssertEqual([l.stemLength, l.loopLength], [0, 2])
        XCTAssertEqual(l.trace.violation?.kind, .liveness)
    }

    func testRejectsTheSameRoundUnderStrongFairness() throws {
        assertRejected(try program(LivenessProtocols.blockingLock(.strong)), round, loopStart: 0, "unfair to thread[0]")
    }

    func testRejectsALoopThatDoesNotReturn() throws {
        assertRejected(try program(LivenessProtocols.blockingLock(.none)), round, loopStart: 1, "does not return")
    }

    func testRejectsALoopWhereTheRightSideHolds() throws {
        // The same round read for thread[1], which does get into its critical section.
        assertRejected(try program(LivenessProtocols.blockingLock(.none)), round, loopStart: 0, "right side",
                       instantiation: "thread[1]")
    }

    func testRejectsAnEmptyLoopWhereAProcessCanMove() throws {
        assertRejected(try program(LivenessProtocols.blockingLock(.none)), Schedule(initialChoices: [:], steps: []),
                       loopStart: 0, "an empty loop where a process can move")
    }
}
