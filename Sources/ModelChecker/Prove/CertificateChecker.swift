import Foundation
import ProtocolDSL
import SMT

/// Re-checks a proof certificate in a fresh Z3 context and solver, independent of the engine
/// that found it: each obligation's negation must be unsat.
struct CertificateChecker {
    let layout: StateLayout
    /// The Z3 tactics of each fresh solver, or nil for Z3's default solver.
    var tactics: [String]? = nil

    /// The certificate failed a re-check: the engine's answer is not trusted.
    struct Rejected: Error, CustomStringConvertible {
        let obligation: String
        let result: SolverResult
        /// Only a reduction's weaker hypothesis failed (`Reduction.fallsBack` off): the
        /// invariant itself may still be inductive.
        var undecided = false
        var description: String { "internal error: the certificate failed its re-check (\(obligation): \(result))" }
    }

    /// Consecution checked on representatives of a symmetry: the steps of `movers` only, and
    /// after them `post` (the conjuncts of the invariant that represent the others under the
    /// permutations fixing a mover; `SymmetricConsecution`).
    struct Reduction {
        let movers: Set<Int>
        /// A formula over the same constants as the invariant.
        let post: BoolTerm
        /// A weaker hypothesis tried first (`Inv` implies it), or nil: when it already gives
        /// `post'`, so does `Inv`; when it does not, the obligation is checked with `Inv`.
        var pre: BoolTerm? = nil
        /// Whether a failure of `pre` is followed by the check with `Inv`; when not, it is
        /// rejected as `undecided`.
        var fallsBack = true
        /// What the obligation line says about the reduction.
        let note: String
    }

    /// Confirms that `invariant` (a formula over the constants `vars`, from another context) is
    /// inductive and safe: Init => Inv, Inv /\ Trans => Inv', Inv => !Bad. Returns one line per obligation.
    /// With `deadline`, each obligation gets the time left (an unknown result is rejected). With
    /// `reduction`, the consecution obligation is its symmetric representative.
    func recheckInvariant(_ invariant: BoolTerm, over vars: [BitVecTerm], deadline: Date? = nil,
                          reduction: Reduction? = nil) throws -> [String] {
        try recheckInvariant(invariant, over: vars, deadline: deadline, pre: reduction?.pre, post: reduction?.post,
                             fallsBack: reduction?.fallsBack ?? true, note: reduction.map { " (\($0.note))" } ?? "") { ctx in
            let enc = Encoder(context: ctx, layout: layout)
            let s = enc.stateVariables("c"), n = enc.stateVariables("d")
            return (s, n, try enc.initialRelation(s).formula,
                    try enc.stepRelation(from: s, to: n, tag: 0, movers: reduction?.movers).formula, enc.badRelation(s))
        }
    }

    /// The same re-check for any transition system that `system` builds in the fresh context:
    /// its current and next state variables (in the order of `vars`), `Init(s)`, `Trans(s, n)`, `Bad(s)`.
    /// With `post`, the consecution obligation is `Inv /\ Trans => post'`, tried first with `pre`
    /// for `Inv` (see `Reduction`).
    func recheckInvariant(_ invariant: BoolTerm, over vars: [BitVecTerm], deadline: Date?,
                          pre: BoolTerm? = nil, post: BoolTerm? = nil, fallsBack: Bool = true, note: String = "",
                          system: (Z3Context) throws -> (s: [BitVecTerm], n: [BitVecTerm], initial: BoolTerm,
                                                         trans: BoolTerm, bad: BoolTerm)) throws -> [String] {
        let ctx = Z3Context()
        let (s, n, initF, trans, bad) = try system(ctx)
        let from = vars.map { v in BitVecTerm(Quantifier.translateTerm(v.term, to: ctx), width: v.width) }
        let moved = Quantifier.translate(invariant, to: ctx)
        let invS = Quantifier.substitute(moved, from, s)
        let invN = Quantifier.substitute(post.map { Quantifier.translate($0, to: ctx) } ?? moved, from, n)
        let consecution = "Inv /\\ Trans => Inv'" + note
        try expectUnsat("Init => Inv", [initF, !invS], ctx, timeout: Self.left(deadline))
        let weak = pre.map { Quantifier.substitute(Quantifier.translate($0, to: ctx), from, s) }
        do {
            try expectUnsat(consecution, [weak ?? invS, trans, !invN], ctx, timeout: Self.left(deadline))
        } catch let r as Rejected where weak != nil && r.result == .sat {
            guard fallsBack else { throw Rejected(obligation: r.obligation, result: r.result, undecided: true) }
            try expectUnsat(consecution, [invS, trans, !invN], ctx, timeout: Self.left(deadline))
        }
        try expectUnsat("Inv => !Bad", [invS, bad], ctx, timeout: Self.left(deadline))
        return ["Init => Inv", consecution, "Inv => !Bad"]
    }

    /// The seconds left before `deadline` (at least 1 ms, so that a query past it gives up at
    /// once instead of running without a bound), or nil without a deadline.
    static func left(_ deadline: Date?) -> Double? {
        deadline.map { max($0.timeIntervalSinceNow, 0.001) }
    }

    /// Preprocessing, then bit-blasting to SAT: on the large disjunctive invariants of the invisible
    /// engine this ran 3-80x faster than Z3's default solver (notifier-invalidate upstream,
    /// 2 vCPUs: 4.7 s against 17.6 s). It gives up ("incomplete") on some of Spacer's
    /// invariants, which therefore keep the default solver.
    static let bitBlastTactics = ["simplify", "propagate-values", "solve-eqs", "bit-blast", "sat"]

    /// Asserts `parts` on a fresh solver and requires unsat.
    func expectUnsat(_ name: String, _ parts: [BoolTerm], _ ctx: Z3Context, timeout: Double? = nil) throws {
        let solver = tactics.map { Solver(context: ctx, tactics: $0) } ?? Solver(context: ctx)
        if let t = timeout { solver.setTimeout(milliseconds: Solver.timeoutMilliseconds(t)) }
        for p in parts { solver.assert(p) }
        let r = try solver.check()
        guard r == .unsat else { throw Rejected(obligation: name, result: r) }
    }
}
