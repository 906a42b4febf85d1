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
/// Every state has its own constants, so the script grows linearly with the depth; a script
/// estimated larger than `sizeLimit` is refused before it is built.
public struct SMTExport: Sendable {
    /// The largest script written, in bytes (256 MiB); a larger one is refused with `ExportRefusal`.
    public static let sizeLimit: Int = 256 << 20

    /// The program exported.
    public let program: Program

    /// Creates an exporter for `program`.
    public init(program: Program) { self.program = program }

    /// The script: declarations, assertions and `(check-sat)`.
    ///
    /// Throws `ExportRefusal` when `estimatedSize(depth:)` exceeds `sizeLimit`.
    public func smtlib2(depth: Int) throws -> String {
        if depth > 2 {
            let estimate = try estimatedSize(depth: depth)
            if estimate > Self.sizeLimit {
                throw ExportRefusal("the SMT-LIB2 script for --depth \(depth) would have about \(megabytes(estimate)) MB, "
                                    + "over the limit of \(megabytes(Self.sizeLimit)) MB; lower --depth or --vcpus")
            }
        }
        return try script(depth: depth)
    }

    /// The script's size in bytes at `depth`, extrapolated from the scripts for depths 1 and 2:
    /// each further step adds one step's constraints and one state's constants, counted with a
    /// margin of a fifth because the names Z3 prints grow longer with the depth (measured:
    /// within 5 % above the real size at depths 20...1000).
    public func estimatedSize(depth: Int) throws -> Int {
        let one = try script(depth: 1).utf8.count
        let two = try script(depth: 2).utf8.count
        guard depth > 2 else { return depth <= 1 ? one : two }
        let (perStep, overflow) = ((two - one) * 6 / 5).multipliedReportingOverflow(by: depth - 2)
        return overflow ? Int.max : two.addingReportingOverflow(perStep).overflow ? Int.max : two + perStep
    }

    func megabytes(_ bytes: Int) -> Int { (bytes + (1 << 20) - 1) >> 20 }

    func script(depth: Int) throws -> String {
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
            // Each state gets its own constants: the script then grows linearly with the depth
            // (terms nested over all earlier states are printed anew in every assertion).
            state = zip(next, state).enumerated().map { slot, pair in
                let v = BitVecTerm.variable("state_\(t + 1)_\(slot)", width: enc.layout.widths[slot], in: ctx)
                solver.assert(v.eq(moves.ite(pair.0, pair.1)))
                return v
            }
        }
        solver.assert(BoolTerm.or(bads, in: ctx))
        var text = try solver.smtlib2()
        if !text.contains("(check-sat)") { text += "(check-sat)\n" }
        if !text.contains("(set-logic") { text = "(set-logic QF_BV)\n" + text }
        return text
    }
}
