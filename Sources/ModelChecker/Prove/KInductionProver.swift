import Foundation
import ProtocolDSL
import SMT

/// k-induction on the BMC encoding, with simple-path constraints, for k = 1, 2, ... up to `maxK`.
///
/// Base case (BMC from the initial states): no bad state at depth k - 1. Step case (from an
/// arbitrary state): a path t0 ... tk of pairwise distinct states whose first k states are good
/// cannot end in a bad state. When both hold, every reachable state is good (a shortest path to
/// a bad state is simple, so its last k + 1 states would contradict the step case). When the
/// base case finds that no execution is longer than k - 1 steps, the search is complete and
/// proves the property too. The result is re-checked in a fresh context with fresh solvers.
public struct KInductionProver {
    /// The largest k tried by default.
    public static let defaultMaxK = 60

    let program: Program
    let maxK: Int
    var progress: ProofProgress? = nil

    func prove(timeout: Double?) throws -> ProofOutcome {
        let start = Date()
        let layout = StateLayout(program)
        let ctx = Z3Context()
        let enc = Encoder(context: ctx, layout: layout)
        let base = Solver(context: ctx, logic: "QF_BV"), step = Solver(context: ctx, logic: "QF_BV")

        func ask(_ solver: Solver, _ lit: BoolTerm) throws -> SolverResult {
            if let t = timeout {
                solver.setTimeout(milliseconds: Solver.timeoutMilliseconds(t - Date().timeIntervalSince(start)))
            }
            return try solver.check(assuming: [lit])
        }

        let s0 = enc.stateVariables("b0")
        let (initF, _) = try enc.initialRelation(s0)
        base.assert(initF)
        var path = [s0]
        var tPath = [enc.stateVariables("t0")]
        for k in 1...max(1, maxK) {
            progress?("k = \(k)", Date().timeIntervalSince(start))
            // Base case: is the state at depth k - 1 bad?
            let cur = path[k - 1]
            let badLit = BoolTerm.variable("base_bad_\(k)", in: ctx)
            base.assert(badLit.implies(enc.badRelation(cur)))
            switch try ask(base, badLit) {
            case .sat: return .violated(detail: "the base case found a bad state \(k - 1) steps from the start")
            case .unknown(let reason): return .unknown(reason: "the base case gave up at k = \(k) (\(reason))")
            case .unsat: break
            }
            base.assert(!enc.badRelation(cur))
            // Is any execution longer than k - 1 steps?
            let movesLit = BoolTerm.variable("base_moves_\(k)", in: ctx)
            let en = enc.transitions.indices.map { enc.enabled(cur, $0) }
            base.assert(movesLit.implies(BoolTerm.or(en, in: ctx)))
            switch try ask(base, movesLit) {
            case .unsat:
                guard let rechecked = try recheck(layout, k: k, exhaustive: true, start: start,
                                                  timeout: timeout) else {
                    return .unknown(reason: Self.recheckTimedOut(k))
                }
                return .proved(ProofCertificate(
                    engine: .kinduction,
                    invariant: ["no execution is longer than \(k - 1) steps, and none of them reaches a bad state"],
                    k: k, rechecked: rechecked))
            case .unknown(let reason): return .unknown(reason: "the base case gave up at k = \(k) (\(reason))")
            case .sat: break
            }
            let next = enc.stateVariables("b\(k)")
            base.assert(try enc.stepRelation(from: cur, to: next, tag: k).formula)
            path.append(next)

            // Step case: t0 ... tk simple, t0 ... t(k-1) good, tk bad?
            let tPrev = tPath[k - 1], tNext = enc.stateVariables("t\(k)")
            step.assert(!enc.badRelation(tPrev))
            step.assert(try enc.stepRelation(from: tPrev, to: tNext, tag: 1000 + k).formula)
            for earlier in tPath { step.assert(!Self.equal(earlier, tNext, ctx)) }
            tPath.append(tNext)
            let stepLit = BoolTerm.variable("step_bad_\(k)", in: ctx)
            step.assert(stepLit.implies(enc.badRelation(tNext)))
            switch try ask(step, stepLit) {
            case .unsat:
                guard let rechecked = try recheck(layout, k: k, exhaustive: false, start: start,
                                                  timeout: timeout) else {
                    return .unknown(reason: Self.recheckTimedOut(k))
                }
                return .proved(ProofCertificate(
                    engine: .kinduction,
                    invariant: ["the properties hold (no error, every invariant, no deadlock) and are \(k)-inductive "
                                + "over simple paths"],
                    k: k, rechecked: rechecked))
            case .unknown(let reason): return .unknown(reason: "the step case gave up at k = \(k) (\(reason))")
            case .sat: break
            }
        }
        return .unknown(reason: "k exhausted: the property is not k-inductive for k <= \(maxK) "
                        + "and some execution is longer than \(maxK - 1) steps")
    }

    /// Why a proof found at `k` is not reported.
    static func recheckTimedOut(_ k: Int) -> String {
        "k-induction closed at k = \(k), but its re-check ran out of time; nothing is claimed"
    }

    /// The fresh-context re-check with the time left, or nil when it ran out of time.
    func recheck(_ layout: StateLayout, k: Int, exhaustive: Bool, start: Date, timeout: Double?) throws -> [String]? {
        do {
            return try KInductionRecheck(layout: layout)
                .recheck(k: k, exhaustive: exhaustive, deadline: timeout.map { start.addingTimeInterval($0) })
        } catch let r as CertificateChecker.Rejected {
            guard case .unknown = r.result, timeout != nil else { throw r }
            return nil
        }
    }

    /// Two states are equal slot by slot.
    static func equal(_ a: [BitVecTerm], _ b: [BitVecTerm], _ ctx: Z3Context) -> BoolTerm {
        BoolTerm.and(zip(a, b).map { $0.eq($1) }, in: ctx)
    }
}
