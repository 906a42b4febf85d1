import ProtocolDSL
import SMT

/// Re-checks a proof certificate in a fresh Z3 context and solver, independent of the engine
/// that found it: each obligation's negation must be unsat.
struct CertificateChecker {
    let layout: StateLayout

    /// The certificate failed a re-check: the engine's answer is not trusted.
    struct Rejected: Error, CustomStringConvertible {
        let obligation: String
        let result: SolverResult
        var description: String { "internal error: the certificate failed its re-check (\(obligation): \(result))" }
    }

    /// Confirms that `invariant` (a formula over the constants `vars`, from another context) is
    /// inductive and safe: Init => Inv, Inv /\ Trans => Inv', Inv => !Bad. Returns one line per obligation.
    func recheckInvariant(_ invariant: BoolTerm, over vars: [BitVecTerm]) throws -> [String] {
        let ctx = Z3Context()
        let enc = Encoder(context: ctx, layout: layout)
        let s = enc.stateVariables("c"), n = enc.stateVariables("d")
        let moved = Quantifier.translate(invariant, to: ctx)
        let from = vars.map { v in BitVecTerm(Quantifier.translateTerm(v.term, to: ctx), width: v.width) }
        let invS = Quantifier.substitute(moved, from, s), invN = Quantifier.substitute(moved, from, n)
        let initF = try enc.initialRelation(s).formula
        let trans = try enc.stepRelation(from: s, to: n, tag: 0).formula
        try expectUnsat("Init => Inv", [initF, !invS], ctx)
        try expectUnsat("Inv /\\ Trans => Inv'", [invS, trans, !invN], ctx)
        try expectUnsat("Inv => !Bad", [invS, enc.badRelation(s)], ctx)
        return ["Init => Inv", "Inv /\\ Trans => Inv'", "Inv => !Bad"]
    }

    /// Asserts `parts` on a fresh solver and requires unsat.
    func expectUnsat(_ name: String, _ parts: [BoolTerm], _ ctx: Z3Context) throws {
        let solver = Solver(context: ctx)
        for p in parts { solver.assert(p) }
        let r = try solver.check()
        guard r == .unsat else { throw Rejected(obligation: name, result: r) }
    }
}
