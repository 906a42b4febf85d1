import Foundation
import ModelChecker
import ProtocolDSL
import XCTest

/// The explicit liveness search on protocols whose verdicts and lassos are known by hand; every
/// lasso is checked independently of the search: replayed on the interpreter, its loop returns
/// to its start, it is fair, and the formula is false on it.
final class LivenessCheckerTests: XCTestCase {
    func program(_ m: ProtocolModel) throws -> Program { try m.instantiate(try m.configuration()) }

    func results(_ m: ProtocolModel, deadline: Date? = nil) throws -> [String: LivenessOutcome] {
        let rs = try LivenessChecker(program: try program(m)).check(deadline: deadline)
        return Dictionary(uniqueKeysWithValues: rs.map { ($0.property, $0.outcome) })
    }

    /// The lasso of a violated outcome, validated against `program` on its own terms.
    func lasso(_ o: LivenessOutcome?, _ p: Program, file: StaticString = #filePath, line: UInt = #line) -> Lasso? {
        guard case .violated(let l)? = o else {
            XCTFail("expected a violation, got \(String(describing: o))", file: file, line: line)
            return nil
        }
        LassoValidation(program: p).check(l, file: file, line: line)
        return l
    }

    func testBlockingLockStarvesWithoutFairness() throws {
        let m = LivenessProtocols.blockingLock(.none)
        let p = try program(m)
        let l = try XCTUnwrap(lasso(try results(m)["no_starvation"], p))
        XCTAssertEqual(l.instantiation, "thread[0]")
        XCTAssertEqual([l.stemLength, l.loopLength], [0, 2])
        XCTAssertEqual(l.trace.steps.map { "\($0.instanceName) \($0.label)" }, ["thread[1] acquire", "thread[1] cs"])
        XCTAssertEqual(l.trace.violation?.kind, .liveness)
    }

    func testBlockingLockStillStarvesUnderWeakFairnessAndHoldsUnderStrong() throws {
        let weak = LivenessProtocols.blockingLock(.weak)
        let l = try XCTUnwrap(lasso(try results(weak)["no_starvation"], try program(weak)))
        XCTAssertEqual([l.stemLength, l.loopLength], [0, 2], "thread[0] is disabled while thread[1] holds the lock")
        guard case .holds(let states)? = try results(LivenessProtocols.blockingLock(.strong))["no_starvation"] else {
            return XCTFail("strong fairness makes thread[0] take the lock it is offered again and again")
        }
        XCTAssertEqual(states, 3, "both acquiring with the lock free, or one of the two in cs with it taken")
    }

    func testTicketLockNeedsWeakFairnessToServeEveryThread() throws {
        let unfair = LivenessProtocols.ticketLock(.none)
        let r = try results(unfair)
        let l = try XCTUnwrap(lasso(r["served"], try program(unfair)))
        XCTAssertEqual(l.instantiation, "thread[0]")
        XCTAssertTrue(l.trace.steps.allSatisfy { $0.instanceName == "thread[1]" }, "thread[0] never moves")
        // Tickets count mod 4, so thread[1]'s rounds repeat a state after 4 rounds of 3 steps;
        // thread[1]'s own ticket (0 at the start, 3 on the loop) puts the start one step before.
        XCTAssertEqual([l.stemLength, l.loopLength], [1, 12])
        guard case .holds? = r["waiting_served"] else {
            return XCTFail("a thread holding a ticket is served even without fairness: \(String(describing: r["waiting_served"]))")
        }
        let fair = try results(LivenessProtocols.ticketLock(.weak))
        guard case .holds? = fair["served"], case .holds? = fair["waiting_served"] else {
            return XCTFail("weak fairness: \(fair)")
        }
    }

    func testAFaultRetryingForeverIsALassoEvenUnderWeakFairness() throws {
        let m = LivenessProtocols.retryLoop(rounds: 0, .weak)
        let l = try XCTUnwrap(lasso(try results(m)["fault_completes"], try program(m)))
        XCTAssertEqual([l.stemLength, l.loopLength], [0, 3])
        XCTAssertEqual(Set(l.trace.steps.map(\.label)), ["start", "check", "end"])
        XCTAssertTrue(l.trace.violation?.message.contains("fault[0]@check ~> fault[0]@map") ?? false,
                      l.trace.violation?.message ?? "")
    }

    func testOneInvalidationRoundCompletesTheFaultOnlyUnderFairness() throws {
        guard case .holds? = try results(LivenessProtocols.retryLoop(rounds: 1, .weak))["fault_completes"] else {
            return XCTFail("with weak fairness the invalidator finishes and the fault maps")
        }
        let m = LivenessProtocols.retryLoop(rounds: 1, .none)
        let l = try XCTUnwrap(lasso(try results(m)["fault_completes"], try program(m)))
        // invalidator start, then the fault's check retries forever (a one-step self-loop).
        XCTAssertEqual([l.stemLength, l.loopLength], [1, 1])
        XCTAssertEqual(l.trace.steps.map(\.label), ["start", "check"])
    }

    func testInfinitelyOftenIsViolatedByAHolderThatNeverReleases() throws {
        let m = LivenessProtocols.stuckHolder()
        let r = try results(m)
        let l = try XCTUnwrap(lasso(r["released_often"], try program(m)))
        XCTAssertEqual([l.stemLength, l.loopLength], [1, 1])
        XCTAssertEqual(l.trace.steps.map(\.label), ["grab", "work"])
        guard case .holds? = r["grabs"] else { return XCTFail("the weakly fair holder grabs: \(String(describing: r["grabs"]))") }
    }

    func testATerminatedExecutionStaysInItsLastState() throws {
        let m = LivenessProtocols.terminatingWorker()
        let r = try results(m)
        let l = try XCTUnwrap(lasso(r["flag_set"], try program(m)))
        XCTAssertEqual([l.stemLength, l.loopLength], [1, 0])
        guard case .holds? = r["finishes"] else { return XCTFail("finished stays true once reached") }
    }

    func testAPastDeadlineIsUnknown() throws {
        let r = try results(LivenessProtocols.ticketLock(.weak), deadline: Date(timeIntervalSinceNow: -1))
        XCTAssertEqual(r["served"], .unknown(reason: "timeout"))
    }
}

/// Checks a lasso without the search: the replay, the loop, fairness and the formula.
struct LassoValidation {
    let program: Program

    func check(_ l: Lasso, file: StaticString, line: UInt) {
        let interp = Interpreter(layout: StateLayout(program))
        guard let replayed = try? interp.trace(of: l.trace.run) else {
            return XCTFail("the lasso does not replay", file: file, line: line)
        }
        let s = replayed.states
        XCTAssertEqual(s, l.trace.states, "replay gives other states", file: file, line: line)
        let k = l.stemLength, end = s.count - 1
        XCTAssertEqual(l.trace.loopStart, k, file: file, line: line)
        XCTAssertEqual(s[k], s[end], "the loop does not return to the state it starts from", file: file, line: line)
        let loopStates = Array(s[k..<max(k + 1, end)])
        if l.loopLength == 0 {
            XCTAssertFalse(program.instances.indices.contains { interp.enabled(s[end], $0) },
                           "an empty loop is only allowed where nothing can move", file: file, line: line)
        }
        let movers = Set(l.trace.steps.suffix(l.loopLength).map(\.instance))
        for (i, inst) in program.instances.enumerated() where l.loopLength > 0 {
            let disabled = loopStates.filter { !interp.enabled($0, i) }.count
            switch program.kinds[inst.kind].fairness {
            case .none: break
            case .weak:
                XCTAssertTrue(movers.contains(i) || disabled > 0, "unfair to \(program.instanceName(i)) (weak)",
                              file: file, line: line)
            case .strong:
                XCTAssertTrue(movers.contains(i) || disabled == loopStates.count,
                              "unfair to \(program.instanceName(i)) (strong)", file: file, line: line)
            }
        }
        guard let property = program.liveness.first(where: { $0.name == l.property }),
              let clause = property.clauses.first(where: { $0.instantiation == l.instantiation }) else {
            return XCTFail("no clause \(l.property) [\(l.instantiation)]", file: file, line: line)
        }
        func holds(_ e: TExpr, _ state: [UInt64]) -> Bool {
            var err: ErrorCode?
            return interp.eval(e, state, nil, &err) != 0
        }
        switch clause.formula {
        case .eventually(let p):
            XCTAssertFalse(s.contains { holds(p, $0) }, "p holds somewhere", file: file, line: line)
        case .infinitelyOften(let p):
            XCTAssertFalse(loopStates.contains { holds(p, $0) }, "p holds in the loop", file: file, line: line)
        case .leadsTo(let p, let q):
            let ok = (0...end).contains { j in
                holds(p, s[j]) && !s[j...].contains { holds(q, $0) } && !loopStates.contains { holds(q, $0) }
            }
            XCTAssertTrue(ok, "no state where p holds and q never after", file: file, line: line)
        }
    }
}
