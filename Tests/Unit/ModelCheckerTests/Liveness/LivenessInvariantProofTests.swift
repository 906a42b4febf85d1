import Foundation
@testable import ModelChecker
import Models
import ProtocolDSL
import SMT
import XCTest

/// `prove --engine invisible` on liveness: the translated system's reachable states, explored
/// explicitly (`LivenessProductStates`), as the invariant that Z3 re-checks against the
/// symbolic liveness-to-safety translation.
final class LivenessInvariantProofTests: XCTestCase {
    func program(_ preset: String) throws -> Program {
        try LockFairness.model.instantiate(try LockFairness.model.configuration(preset: preset))
    }

    func testTheBlockingLockUnderStrongFairnessIsProvedAndUnderWeakItIsViolated() throws {
        let strong = try LivenessProver(program: try program("blocking-strong")).prove(.invisible, deadline: Date() + 60)
        guard case .proved(let how)? = strong.first?.outcome else { return XCTFail("\(strong)") }
        XCTAssertTrue(how.contains("reachable states of its liveness-to-safety translation"), how)
        let weak = try LivenessProver(program: try program("blocking-weak")).prove(.invisible, deadline: Date() + 60)
        guard case .violated(let lasso)? = weak.first?.outcome else { return XCTFail("\(weak)") }
        XCTAssertEqual([lasso.stemLength, lasso.loopLength], [0, 2])
    }

    /// The re-check has teeth: the reachable set without one of its non-initial states is not
    /// inductive (the missing state's predecessor steps to it), and the whole set is.
    func testTheReCheckRejectsTheReachableSetWithOneStateLeftOut() throws {
        let p = try program("blocking-strong")
        let layout = StateLayout(p)
        var limits = SearchLimits(deadline: nil, memory: nil, layout: layout)
        let graph = try StateGraph(interpreter: Interpreter(layout: layout), limits: &limits)
        let clause = p.liveness[0].clauses[0]
        guard case .complete(let states) = LivenessProductStates(graph: graph, clause: clause).explore(limit: 100_000, deadline: nil)
        else { return XCTFail("the translation of the blocking lock is small") }
        func recheck(_ set: Set<[UInt64]>) throws -> SolverResult {
            let ctx = Z3Context()
            let translation = LivenessTranslation(encoder: Encoder(context: ctx, layout: layout), clause: clause)
            let x = translation.variables("s")
            // Written as the prover writes it: a decision diagram, each slot beside its copy.
            let diagram = try XCTUnwrap(StateDiagram(set, width: x.count, order: translation.pairedOrder, deadline: nil))
            do {
                _ = try LivenessTranslation.recheck(diagram.formula(over: x, in: ctx), over: x,
                                                    layout: layout, clause: clause, deadline: nil)
                return .unsat
            } catch let r as CertificateChecker.Rejected {
                return r.result
            }
        }
        XCTAssertEqual(try recheck(states), .unsat)
        let saved = states.filter { $0[layout.count] == 1 }.sorted { $0.lexicographicallyPrecedes($1) }
        XCTAssertFalse(saved.isEmpty)
        var missing = states
        missing.remove(saved[saved.count / 2])
        XCTAssertEqual(try recheck(missing), .sat)
    }

    /// The ticket lock under weak fairness: k-induction and Spacer give up within minutes; the
    /// reachable pairs of its translation (48,099 states) are an invariant Z3 confirms (6 s in a
    /// debug build since they are written as a `StateDiagram`; as a cube cover, 16 s of CPU).
    func testTheTicketLockUnderWeakFairnessIsProvedSymbolically() throws {
        let results = try LivenessProver(program: try program("ticket-weak")).prove(.invisible, deadline: Date() + 300)
        guard case .proved? = results.first?.outcome else { return XCTFail("\(results)") }
    }
}
