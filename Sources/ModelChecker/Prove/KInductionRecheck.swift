import Foundation
import ProtocolDSL
import SMT

/// Re-checks a k-induction result in a fresh Z3 context, one fresh solver per query.
struct KInductionRecheck {
    let layout: StateLayout

    /// Base: for each depth d < k, Init /\ Trans^d /\ Bad(s_d) is unsat. Then either the step
    /// (a simple path of k good states then a bad one is unsat) or, when `exhaustive`, that no
    /// execution has k steps (Init /\ Trans^k is unsat). Returns one line per kind of query.
    /// With `deadline`, each query gets the time left (a query that runs out is rejected as unknown).
    func recheck(k: Int, exhaustive: Bool, deadline: Date? = nil) throws -> [String] {
        let ctx = Z3Context()
        let enc = Encoder(context: ctx, layout: layout)
        let checker = CertificateChecker(layout: layout)
        func left() -> Double? { CertificateChecker.left(deadline) }
        let s = (0...k).map { enc.stateVariables("r\($0)") }
        var chain = [try enc.initialRelation(s[0]).formula]
        for d in 0..<k {
            try checker.expectUnsat("base case at depth \(d)", chain + [enc.badRelation(s[d])], ctx, timeout: left())
            chain.append(try enc.stepRelation(from: s[d], to: s[d + 1], tag: d).formula)
        }
        var lines = ["base: no bad state within \(k - 1) steps of Init (\(k) queries)"]
        if exhaustive {
            try checker.expectUnsat("no execution of \(k) steps", chain, ctx, timeout: left())
            lines.append("no execution has \(k) steps (Init /\\ Trans^\(k) is unsat)")
        } else {
            let t = (0...k).map { enc.stateVariables("u\($0)") }
            var parts: [BoolTerm] = []
            for d in 0..<k {
                parts.append(!enc.badRelation(t[d]))
                parts.append(try enc.stepRelation(from: t[d], to: t[d + 1], tag: 1000 + d).formula)
            }
            for i in 0...k { for j in 0..<i { parts.append(!KInductionProver.equal(t[i], t[j], ctx)) } }
            parts.append(enc.badRelation(t[k]))
            try checker.expectUnsat("step case", parts, ctx, timeout: left())
            lines.append("step: a simple path of \(k) good states cannot step to a bad state")
        }
        return lines
    }
}
