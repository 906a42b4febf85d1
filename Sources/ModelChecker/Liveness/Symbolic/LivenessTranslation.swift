import Foundation
import ProtocolDSL
import SMT

/// The liveness-to-safety translation of one clause as a relational safety problem (`Init`,
/// `Trans`, `Bad` over state variables), for the proof engines: the clause holds on every fair
/// execution iff no bad state of the translated system is reachable. The relations are the BMC
/// encoding's (`Encoder.step`, as `Encoder.stepRelation` builds it) with `LivenessMonitor`'s
/// flags beside the state.
struct LivenessTranslation {
    let enc: Encoder
    let monitor: LivenessMonitor

    init(encoder: Encoder, clause: LivenessClause) {
        enc = encoder
        monitor = LivenessMonitor(encoder: encoder, clause: clause)
    }

    /// The widths of a translated state's variables: the program's slots, then the monitor's.
    var widths: [Int] { enc.layout.widths + monitor.widths }

    /// Fresh variables for one translated state, named `prefix_i`.
    func variables(_ prefix: String) -> [BitVecTerm] {
        widths.enumerated().map { BitVecTerm.variable("\(prefix)_\($0.offset)", width: $0.element, in: enc.ctx) }
    }

    /// The translated state's columns with `saved` first and each program slot beside its copy
    /// (the monitor's `saved, copy...`; the copy is the state itself until the loop opens), then
    /// the monitor's flags: the order in which a `StateDiagram` of translated states is small.
    var pairedOrder: [Int] {
        let n = enc.layout.count
        return [n] + (0..<n).flatMap { [$0, n + 1 + $0] } + Array((2 * n + 1)..<widths.count)
    }

    func split(_ x: [BitVecTerm]) -> (state: [BitVecTerm], monitor: [BitVecTerm]) {
        (Array(x[..<enc.layout.count]), Array(x[enc.layout.count...]))
    }

    /// `Init(x)`.
    func initial(_ x: [BitVecTerm]) throws -> BoolTerm {
        let (s, m) = split(x)
        return try enc.initialRelation(s).formula && KInductionProver.equal(m, monitor.initial(s), enc.ctx)
    }

    /// `Trans(x, y)`: a step of the program, the oracle's save bit (fresh, tagged `tag`) and
    /// the monitor's update; the transition choice and choose values are existential.
    func step(from x: [BitVecTerm], to y: [BitVecTerm], tag: Int) throws -> BoolTerm {
        let (s, m) = split(x), (n, mn) = split(y)
        let scratch = Solver(context: enc.ctx)
        let en = enc.transitions.indices.map { enc.enabled(s, $0) }
        let (next, vars) = enc.step(from: s, enabled: en, t: tag, scratch)
        let save = BoolTerm.variable("save_\(tag)", in: enc.ctx)
        let updated = monitor.next(m, s, en, vars.picks, save: save, n)
        return BoolTerm.and(try scratch.assertions() + [KInductionProver.equal(n, next, enc.ctx),
                                                        KInductionProver.equal(mn, updated, enc.ctx),
                                                        monitor.saveAllowed(m, save: save)], in: enc.ctx)
    }

    /// `Bad(x)`: a fair lasso that violates the clause closes in `x`, or `x` stutters in violation.
    func bad(_ x: [BitVecTerm]) -> BoolTerm {
        let (s, m) = split(x)
        return monitor.bad(s, m, enc.transitions.indices.map { enc.enabled(s, $0) })
    }

    /// Re-checks `invariant` (a formula over the translated variables `x` of another context)
    /// as an inductive invariant of the translation of `clause` that excludes its bad states, in
    /// a fresh Z3 context (`CertificateChecker`); throws `CertificateChecker.Rejected` otherwise.
    static func recheck(_ invariant: BoolTerm, over x: [BitVecTerm], layout: StateLayout, clause: LivenessClause,
                        tactics: [String]? = nil, deadline: Date?) throws -> [String] {
        try CertificateChecker(layout: layout, tactics: tactics).recheckInvariant(invariant, over: x, deadline: deadline) { c in
            let t = LivenessTranslation(encoder: Encoder(context: c, layout: layout), clause: clause)
            let s = t.variables("c"), n = t.variables("d")
            return (s, n, try t.initial(s), try t.step(from: s, to: n, tag: 0), t.bad(s))
        }
    }
}
