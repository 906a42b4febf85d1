import Foundation
import ProtocolDSL
import SMT

/// Proves a program's properties with constrained Horn clauses solved by Z3's Spacer:
///
///     Inv(s)  <= Init(s)
///     Inv(s') <= Inv(s) /\ Trans(s, s')
///     Reach   <= Inv(s) /\ Bad(s)          (query Reach: unsat = safe)
///
/// `Init`, `Trans` and `Bad` are the BMC encoding's (see `Encoder.stepRelation`). When the
/// query is unsat, Spacer's interpretation of `Inv` is an inductive invariant; it is re-checked
/// in a fresh context by `CertificateChecker` before the proof is reported.
struct SpacerProver {
    let program: Program

    func prove(timeout: Double?) throws -> ProofOutcome {
        let start = Date()
        let layout = StateLayout(program)
        let ctx = Z3Context()
        let enc = Encoder(context: ctx, layout: layout)
        let ms = timeout.map(Solver.timeoutMilliseconds)
        let fp = Fixedpoint(context: ctx, engine: "spacer", timeoutMilliseconds: ms)
        let inv = FuncDecl(relation: "Inv", argumentWidths: layout.widths, in: ctx)
        let reach = FuncDecl(relation: "Reach", argumentWidths: [], in: ctx)
        fp.register(inv)
        fp.register(reach)

        let s = enc.stateVariables("s"), n = enc.stateVariables("n")
        let (initF, _) = try enc.initialRelation(s)
        fp.addRule(initF, implies: inv.apply(s), name: "init")
        let (trans, _) = try enc.stepRelation(from: s, to: n, tag: 0)
        fp.addRule(inv.apply(s) && trans, implies: inv.apply(n), name: "step")
        fp.addRule(inv.apply(s) && enc.badRelation(s), implies: reach.apply([]), name: "bad")

        let answer: SolverResult
        do {
            answer = try fp.query(reach)
        } catch let e as SMTError where timeout != nil && (e.message == "canceled" || e.message == "timeout") {
            // Spacer reports its timeout as a canceled query.
            return .unknown(reason: "spacer gave up (timeout after \(timeout!) s)")
        }
        switch answer {
        case .sat:
            return .violated(detail: "spacer derived a reachable bad state")
        case .unknown(let reason):
            return .unknown(reason: "spacer gave up (\(reason))")
        case .unsat:
            let cover = try fp.cover(of: inv)
            let invariant = Quantifier.simplify(Quantifier.substituteVariables(cover, s))
            let rechecked: [String]
            do {
                rechecked = try CertificateChecker(layout: layout)
                    .recheckInvariant(invariant, over: s, deadline: timeout.map { start.addingTimeInterval($0) })
            } catch let r as CertificateChecker.Rejected {
                // A re-check the solver cannot decide is no proof, but no contradiction either.
                guard case .unknown(let why) = r.result else { throw r }
                return .unknown(reason: "spacer found an invariant, but its re-check (\(r.obligation)) "
                                + "gave up (\(why)); nothing is claimed")
            }
            let lines = InvariantPrinter(layout: layout, stateVariables: s).conjuncts(invariant)
            return .proved(ProofCertificate(engine: .spacer, invariant: lines, k: nil, rechecked: rechecked))
        }
    }
}
