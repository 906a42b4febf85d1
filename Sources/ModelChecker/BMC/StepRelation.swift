import SMT

/// The encoder's initial states, steps and bad states as formulas over state variables,
/// for proofs (Horn clauses, k-induction, certificate re-checks).
///
/// The encoder asserts side constraints (ranges, enabledness) on a solver while it builds
/// terms; these functions run it against a scratch solver and conjoin what it asserted, so the
/// relations are exactly the BMC encoding's.
extension Encoder {
    /// One fresh bit-vector constant per slot, named `prefix_slot`.
    func stateVariables(_ prefix: String) -> [BitVecTerm] {
        (0..<layout.count).map { BitVecTerm.variable("\(prefix)_\($0)", width: layout.widths[$0], in: ctx) }
    }

    /// `Init(s)`, and the auxiliary variables it mentions (the initial data choices).
    func initialRelation(_ s: [BitVecTerm]) throws -> (formula: BoolTerm, auxiliary: [BitVecTerm]) {
        let scratch = Solver(context: ctx)
        let s0 = initialState(scratch)
        let aux = initialChoiceVariables(s0).sorted { $0.key < $1.key }.map(\.value)
        let eqs = (0..<layout.count).map { s[$0].eq(s0[$0]) }
        return (BoolTerm.and(try scratch.assertions() + eqs, in: ctx), aux)
    }

    /// `Trans(s, n)`: one step of some enabled transition leads from `s` to `n`; the auxiliary
    /// variables (the transition choice and the choose values, tagged `tag`) are existential.
    /// With `movers`, only steps of those instances.
    func stepRelation(from s: [BitVecTerm], to n: [BitVecTerm], tag: Int, movers: Set<Int>? = nil) throws
        -> (formula: BoolTerm, auxiliary: [BitVecTerm]) {
        let scratch = Solver(context: ctx)
        let en = transitions.indices.map { enabled(s, $0) }
        let (next, vars) = step(from: s, enabled: en, t: tag, scratch, movers: movers)
        let eqs = (0..<layout.count).map { n[$0].eq(next[$0]) }
        return (BoolTerm.and(try scratch.assertions() + eqs, in: ctx), [vars.act] + vars.choices.flatMap { $0 })
    }

    /// `Bad(s)`: an error, a false invariant or a deadlock.
    func badRelation(_ s: [BitVecTerm]) -> BoolTerm {
        bad(s, enabled: transitions.indices.map { enabled(s, $0) })
    }
}
