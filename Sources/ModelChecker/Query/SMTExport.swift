import ProtocolDSL
import SMT

/// The bounded query of `check` as one SMT-LIB2 script (logic QF_BV): satisfiable exactly
/// when some execution of at most `depth` steps reaches a bad state (an error, a false
/// invariant or a deadlock).
///
/// The unrolling is the BMC `Encoder`'s, with one difference so that a single query covers
/// every depth up to the bound: a state where no step is enabled stutters (keeps its value)
/// instead of making the unrolling unsatisfiable, and the bad condition is the disjunction
/// over states 0...depth. The partial-order reduction of `check` is left out (it only prunes).
public struct SMTExport: Sendable {
    /// The program exported.
    public let program: Program

    /// Creates an exporter for `program`.
    public init(program: Program) { self.program = program }

    /// The script: declarations, assertions and `(check-sat)`.
    public func smtlib2(depth: Int) throws -> String {
        let ctx = Z3Context()
        let solver = Solver(context: ctx, logic: "QF_BV")
        let enc = Encoder(context: ctx, layout: StateLayout(program))
        var state = enc.initialState(solver)
        var bads: [BoolTerm] = []
        for t in 0...max(0, depth) {
            let en = enc.transitions.indices.map { enc.enabled(state, $0) }
            bads.append(enc.bad(state, enabled: en))
            if t == depth { break }
            // Collect the step's constraints on a scratch solver, then guard them by "some step is enabled".
            let scratch = Solver(context: ctx, logic: "QF_BV")
            let (next, _) = enc.step(from: state, enabled: en, t: t, scratch)
            let moves = BoolTerm.or(en, in: ctx)
            for a in try scratch.assertions() { solver.assert(moves.implies(a)) }
            state = zip(next, state).map { moves.ite($0.0, $0.1) }
        }
        solver.assert(BoolTerm.or(bads, in: ctx))
        var text = try solver.smtlib2()
        if !text.contains("(check-sat)") { text += "(check-sat)\n" }
        if !text.contains("(set-logic") { text = "(set-logic QF_BV)\n" + text }
        return text
    }
}
