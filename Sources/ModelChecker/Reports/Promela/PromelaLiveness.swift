import ProtocolDSL

/// The liveness properties in the Promela export: one `ltl` formula per property (the
/// conjunction of its clauses), decided by `pan -a -N NAME`.
///
/// When every process kind is weakly fair, the fairness is SPIN's `-f` (weak fairness for every
/// process, the same per instance as ours: a process enabled in every state of a loop moves in
/// it). When every kind is unfair, there is none. Otherwise (a strongly fair kind, or weak
/// fairness beside none), `-f` cannot say it, and the formula carries it: `F -> P`, where `F`
/// has, per fair instance with pid `mm_pid[i]` (recorded when `init` runs it), weak
/// `<>[] enabled(pid) -> []<> (_last == pid)` or strong `[]<> enabled(pid) -> []<> (_last == pid)`;
/// SPIN's `enabled` and `_last` in a claim need `-DNOREDUCE`. Executions that end (every
/// instance finished, or stuck) are extended by SPIN's stutter rule, as ours stay in their last
/// state forever.
extension PromelaExporter {
    /// Whether the fairness goes into the formulas (mixed kinds, or a strongly fair one).
    var fairnessInFormula: Bool {
        !program.liveness.isEmpty
            && !(program.kinds.allSatisfy { $0.fairness == .weak } || program.kinds.allSatisfy { $0.fairness == .none })
    }

    /// Whether SPIN runs with weak fairness (`pan -f`): every kind is weakly fair.
    var weaklyFair: Bool { program.kinds.allSatisfy { $0.fairness == .weak } }

    /// How to run the claims, for the comment above them.
    var panCommand: String {
        if fairnessInFormula { return "gcc -DNOREDUCE -o pan pan.c, then per property ./pan -a -N NAME (fairness in the formula)" }
        return "gcc -o pan pan.c, then per property ./pan -a\(weaklyFair ? " -f" : "") -N NAME "
            + "(\(weaklyFair ? "weak fairness" : "no fairness"))"
    }

    /// The `ltl` blocks and the comment that says how to run them (empty without liveness properties).
    func ltlBlocks() -> [String] {
        guard !program.liveness.isEmpty else { return [] }
        var out = ["/* liveness: spin -a, \(panCommand); the safety checks: gcc -DSAFETY -DNOCLAIM */"]
        let fairness = fairnessInFormula ? fairnessAssumption() : nil
        for property in program.liveness {
            let body = property.clauses.map { "(" + ltl($0.formula) + ")" }.joined(separator: " && ")
            out.append("ltl \(property.name) { " + (fairness.map { "(\($0)) -> (\(body))" } ?? body) + " }")
        }
        return out
    }

    /// The fairness of every fair instance, as an LTL assumption.
    func fairnessAssumption() -> String {
        var parts: [String] = []
        for (i, inst) in program.instances.enumerated() {
            let moves = "[]<> (_last == mm_pid[\(i)])"
            switch program.kinds[inst.kind].fairness {
            case .none: continue
            case .weak: parts.append("((<>[] enabled(mm_pid[\(i)])) -> \(moves))")
            case .strong: parts.append("(([]<> enabled(mm_pid[\(i)])) -> \(moves))")
            }
        }
        return parts.isEmpty ? "true" : parts.joined(separator: " && ")
    }

    func ltl(_ f: LivenessFormula) -> String {
        switch f {
        case .eventually(let p): return "<> \(expr(p, nil))"
        case .infinitelyOften(let p): return "[] <> \(expr(p, nil))"
        case .leadsTo(let p, let q): return "[] (\(expr(p, nil)) -> <> \(expr(q, nil)))"
        }
    }
}
