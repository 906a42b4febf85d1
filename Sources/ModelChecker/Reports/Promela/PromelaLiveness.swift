import ProtocolDSL

/// The liveness properties in the Promela export: one `ltl` formula per property (the
/// conjunction of its clauses), decided by `pan -a -N NAME`, with `-f` when every process kind
/// is weakly fair.
///
/// SPIN's `-f` is weak fairness for every process at once, the same per instance as ours (a
/// process enabled in every state of a loop moves in it). It cannot say strong fairness, nor
/// weak fairness for some kinds and none for others: such a model with liveness properties is
/// refused. Executions that end (every instance finished, or stuck) are extended by SPIN's
/// stutter rule, as ours stay in their last state forever.
extension PromelaExporter {
    /// The refusal when the fairness of the model's kinds is not one SPIN can run, or nil.
    func livenessRefusal() -> ExportRefusal? {
        guard !program.liveness.isEmpty else { return nil }
        if let strong = program.kinds.first(where: { $0.fairness == .strong }) {
            return ExportRefusal("cannot export to Promela: process kind \(strong.name) is strongly fair, and SPIN's "
                                 + "fairness (pan -f) is weak fairness only")
        }
        let weak = program.kinds.filter { $0.fairness == .weak }
        if !weak.isEmpty, let none = program.kinds.first(where: { $0.fairness == .none }) {
            return ExportRefusal("cannot export to Promela: pan -f makes every process weakly fair, but process kind "
                                 + "\(none.name) has no fairness while \(weak[0].name) is weakly fair")
        }
        return nil
    }

    /// Whether SPIN must run with weak fairness (`pan -f`).
    var weaklyFair: Bool { program.kinds.contains { $0.fairness == .weak } }

    /// The `ltl` blocks and the comment that says how to run them (empty without liveness properties).
    func ltlBlocks() -> [String] {
        guard !program.liveness.isEmpty else { return [] }
        var out = ["/* liveness: spin -a, gcc -o pan pan.c, then per property ./pan -a\(weaklyFair ? " -f" : "") -N NAME "
                   + "(\(weaklyFair ? "weak fairness" : "no fairness")); the safety checks: gcc -DSAFETY -DNOCLAIM */"]
        for property in program.liveness {
            let clauses = property.clauses.map { "(" + ltl($0.formula) + ")" }
            out.append("ltl \(property.name) { \(clauses.joined(separator: " && ")) }")
        }
        return out
    }

    func ltl(_ f: LivenessFormula) -> String {
        switch f {
        case .eventually(let p): return "<> \(expr(p, nil))"
        case .infinitelyOften(let p): return "[] <> \(expr(p, nil))"
        case .leadsTo(let p, let q): return "[] (\(expr(p, nil)) -> <> \(expr(q, nil)))"
        }
    }
}
