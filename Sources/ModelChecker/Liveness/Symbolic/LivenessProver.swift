import Foundation
import ProtocolDSL
import SMT

/// Proves liveness properties through the liveness-to-safety translation (`LivenessTranslation`):
/// a clause holds on every fair execution iff no bad state of its translated system is
/// reachable, which k-induction or Spacer decide as for invariants.
///
/// - `kinduction`: base case on simple paths of the translated system (when none is one step
///   longer, nothing more is reachable: proved), step case over simple paths of k good states.
///   A proof is re-checked query by query in a fresh context.
/// - `spacer`: `Inv(x) <= Init(x)`, `Inv(y) <= Inv(x) /\ Trans(x, y)`, `Reach <= Inv(x) /\ Bad(x)`;
///   the invariant is re-checked in a fresh context (`CertificateChecker`).
///
/// A reachable bad state is a lasso: it is found again by `SymbolicLivenessChecker` and checked
/// on the interpreter by `Lasso` before it is reported. Whatever cannot be decided within the
/// deadline (or k) is unknown.
public struct LivenessProver {
    /// The engines that decide liveness properties.
    public enum Method: String, Sendable {
        /// k-induction over simple paths of the translated system.
        case kinduction
        /// Spacer's inductive invariant of the translated system.
        case spacer
        /// The translated system's reachable states, explored explicitly, as the invariant.
        case invisible
    }

    /// The most translated states `invisible` explores.
    public static let productStateLimit = 1_000_000

    /// The program.
    public let program: Program
    /// The largest k k-induction tries.
    public var maxK = KInductionProver.defaultMaxK

    /// Creates a prover.
    public init(program: Program) { self.program = program }

    /// Decides every liveness property with `method` (one after the other, each within `deadline`).
    public func prove(_ method: Method, deadline: Date? = nil) throws -> [LivenessResult] {
        try program.liveness.map { try prove($0, method, deadline: deadline) }
    }

    /// Decides one liveness property of the program with `method`.
    public func prove(_ property: LivenessIR, _ method: Method, deadline: Date? = nil) throws -> LivenessResult {
        var proofs: [String] = []
        for clause in property.clauses {
            let o = try prove(clause, of: property, method, deadline: deadline)
            guard case .proved(let how) = o else { return LivenessResult(property: property.name, outcome: o) }
            proofs.append(how)
        }
        let how = Set(proofs).count == 1 ? proofs[0] : proofs.joined(separator: "; ")
        return LivenessResult(property: property.name, outcome: .proved(how: how))
    }

    func prove(_ clause: LivenessClause, of property: LivenessIR, _ method: Method, deadline: Date?) throws
        -> LivenessOutcome {
        let layout = StateLayout(program)
        let ctx = Z3Context()
        let tr = LivenessTranslation(encoder: Encoder(context: ctx, layout: layout), clause: clause)
        let found: Int?
        switch method {
        case .kinduction:
            switch try kInduction(tr, layout, clause, deadline) {
            case .proved(let how): return .proved(how: how)
            case .unknown(let reason): return .unknown(reason: reason)
            case .reachable(let depth): found = depth
            }
        case .spacer:
            switch try spacer(tr, layout, clause, deadline) {
            case .proved(let how): return .proved(how: how)
            case .unknown(let reason): return .unknown(reason: reason)
            case .reachable: found = nil
            }
        case .invisible:
            switch try invisible(layout, clause, deadline) {
            case .proved(let how): return .proved(how: how)
            case .unknown(let reason): return .unknown(reason: reason)
            case .reachable: found = nil
            }
        }
        // A bad state is reachable: the lasso, from BMC on the same translation, checked on the interpreter.
        let (o, _) = try SymbolicLivenessChecker(program: program)
            .check(clause, of: property, maxDepth: found ?? SymbolicLivenessChecker.maxDepth, deadline: deadline)
        switch o {
        case .violated: return o
        case .unknown(let reason):
            return .unknown(reason: "\(method) found a violating lasso, but bmc could not rebuild it (\(reason))")
        case .holds, .proved:
            throw CheckerInconsistency(message: "\(method) found a violating lasso of \(property.name) that bmc refutes")
        }
    }

    enum Answer {
        case proved(String)
        case reachable(depth: Int?)
        case unknown(String)
    }

    func remaining(_ deadline: Date?) -> UInt32? {
        deadline.map { Solver.timeoutMilliseconds($0.timeIntervalSinceNow) }
    }

    func kInduction(_ tr: LivenessTranslation, _ layout: StateLayout, _ clause: LivenessClause, _ deadline: Date?) throws
        -> Answer {
        let ctx = tr.enc.ctx
        let base = Solver(context: ctx, logic: "QF_BV"), step = Solver(context: ctx, logic: "QF_BV")
        func ask(_ solver: Solver, _ lits: [BoolTerm]) throws -> SolverResult {
            if let ms = remaining(deadline) { solver.setTimeout(milliseconds: ms) }
            return try solver.check(assuming: lits)
        }
        let x0 = tr.variables("b0")
        base.assert(try tr.initial(x0))
        var path = [x0], tPath = [tr.variables("t0")]
        for k in 1...max(1, maxK) {
            let cur = path[k - 1]
            let badLit = BoolTerm.variable("base_bad_\(k)", in: ctx)
            base.assert(badLit.implies(tr.bad(cur)))
            switch try ask(base, [badLit]) {
            case .sat: return .reachable(depth: k - 1)
            case .unknown(let r): return .unknown("k-induction's base case gave up at k = \(k) (\(r))")
            case .unsat: break
            }
            base.assert(!tr.bad(cur))
            let next = tr.variables("b\(k)")
            base.assert(try tr.step(from: cur, to: next, tag: k))
            for earlier in path { base.assert(!KInductionProver.equal(earlier, next, ctx)) }
            path.append(next)
            switch try ask(base, []) {
            case .unknown(let r): return .unknown("k-induction's base case gave up at k = \(k) (\(r))")
            case .unsat:
                try recheck(layout, clause, k: k, exhaustive: true, deadline)
                return .proved("k-induction on its liveness-to-safety translation: no simple path of \(k) steps, "
                               + "re-checked in a fresh Z3 context")
            case .sat: break
            }
            let tPrev = tPath[k - 1], tNext = tr.variables("t\(k)")
            step.assert(!tr.bad(tPrev))
            step.assert(try tr.step(from: tPrev, to: tNext, tag: 1000 + k))
            for earlier in tPath { step.assert(!KInductionProver.equal(earlier, tNext, ctx)) }
            tPath.append(tNext)
            let stepLit = BoolTerm.variable("step_bad_\(k)", in: ctx)
            step.assert(stepLit.implies(tr.bad(tNext)))
            switch try ask(step, [stepLit]) {
            case .unknown(let r): return .unknown("k-induction's step case gave up at k = \(k) (\(r))")
            case .unsat:
                try recheck(layout, clause, k: k, exhaustive: false, deadline)
                return .proved("k-induction on its liveness-to-safety translation: \(k)-inductive over simple paths, "
                               + "re-checked in a fresh Z3 context")
            case .sat: break
            }
        }
        return .unknown("k exhausted: the liveness-to-safety translation is not k-inductive for k <= \(maxK)")
    }

    /// The k-induction result's queries again, in a fresh context with fresh solvers: the base
    /// case (no bad state within k - 1 steps), then no simple path of k steps (`exhaustive`) or
    /// the step case. Throws `CertificateChecker.Rejected` unless each is unsat.
    func recheck(_ layout: StateLayout, _ clause: LivenessClause, k: Int, exhaustive: Bool, _ deadline: Date?) throws {
        let ctx = Z3Context()
        let tr = LivenessTranslation(encoder: Encoder(context: ctx, layout: layout), clause: clause)
        let checker = CertificateChecker(layout: layout)
        func distinct(_ xs: [[BitVecTerm]]) -> [BoolTerm] {
            xs.indices.flatMap { i in (0..<i).map { !KInductionProver.equal(xs[i], xs[$0], ctx) } }
        }
        let x = (0...k).map { tr.variables("r\($0)") }
        var chain = [try tr.initial(x[0])]
        for d in 0..<k {
            try checker.expectUnsat("base case at depth \(d)", chain + distinct(Array(x[...d])) + [tr.bad(x[d])], ctx,
                                    timeout: CertificateChecker.left(deadline))
            chain += [!tr.bad(x[d]), try tr.step(from: x[d], to: x[d + 1], tag: d)]
        }
        if exhaustive {
            try checker.expectUnsat("no simple path of \(k) steps", chain + distinct(x), ctx,
                                    timeout: CertificateChecker.left(deadline))
            return
        }
        let t = (0...k).map { tr.variables("u\($0)") }
        var parts = distinct(t) + [tr.bad(t[k])]
        for d in 0..<k { parts += [!tr.bad(t[d]), try tr.step(from: t[d], to: t[d + 1], tag: 1000 + d)] }
        try checker.expectUnsat("step case", parts, ctx, timeout: CertificateChecker.left(deadline))
    }

    /// The reachable states of the translated system (`LivenessProductStates`) as its
    /// invariant, re-checked in a fresh Z3 context like Spacer's.
    func invisible(_ layout: StateLayout, _ clause: LivenessClause, _ deadline: Date?) throws -> Answer {
        let interp = Interpreter(layout: layout)
        var limits = SearchLimits(deadline: deadline, memory: .standard, layout: layout)
        let graph: StateGraph
        switch try StateGraph.explore(interp, limits: &limits, budget: .standard) {
        case .success(let g): graph = g
        case .failure(let why): return .unknown(why.reason + " while exploring the program's states")
        }
        let states: Set<[UInt64]>
        switch LivenessProductStates(graph: graph, clause: clause).explore(limit: Self.productStateLimit, deadline: deadline) {
        case .stopped(let why): return .unknown(why)
        case .badReachable: return .reachable(depth: nil)
        case .complete(let s): states = s
        }
        let ctx = Z3Context()
        let translation = LivenessTranslation(encoder: Encoder(context: ctx, layout: layout), clause: clause)
        let x = translation.variables("s")
        // The states as a decision diagram: thousands of cubes become shared nodes.
        guard let diagram = StateDiagram(states, width: x.count, order: translation.pairedOrder, deadline: deadline) else {
            return .unknown("timeout")
        }
        do {
            _ = try LivenessTranslation.recheck(diagram.formula(over: x, in: ctx), over: x, layout: layout, clause: clause,
                                                tactics: CertificateChecker.bitBlastTactics, deadline: deadline)
        } catch let r as CertificateChecker.Rejected {
            return .unknown("the \(states.count) reachable states of the liveness-to-safety translation are not its "
                            + "invariant (\(r.obligation): \(r.result))")
        }
        return .proved("the \(states.count) reachable states of its liveness-to-safety translation, explored "
                       + "explicitly: an inductive invariant, re-checked in a fresh Z3 context "
                       + "(Init => Inv, Inv /\\ Trans => Inv', Inv => !Bad)")
    }

    func spacer(_ tr: LivenessTranslation, _ layout: StateLayout, _ clause: LivenessClause, _ deadline: Date?) throws
        -> Answer {
        let ctx = tr.enc.ctx
        let fp = Fixedpoint(context: ctx, engine: "spacer", timeoutMilliseconds: remaining(deadline))
        let inv = FuncDecl(relation: "Inv", argumentWidths: tr.widths, in: ctx)
        let reach = FuncDecl(relation: "Reach", argumentWidths: [], in: ctx)
        fp.register(inv)
        fp.register(reach)
        let x = tr.variables("s"), y = tr.variables("n")
        fp.addRule(try tr.initial(x), implies: inv.apply(x), name: "init")
        fp.addRule(inv.apply(x) && (try tr.step(from: x, to: y, tag: 0)), implies: inv.apply(y), name: "step")
        fp.addRule(inv.apply(x) && tr.bad(x), implies: reach.apply([]), name: "bad")
        let answer: SolverResult
        do {
            answer = try fp.query(reach)
        } catch let e as SMTError where deadline != nil && (e.message == "canceled" || e.message == "timeout") {
            return .unknown("spacer gave up (timeout)")
        }
        switch answer {
        case .sat: return .reachable(depth: nil)
        case .unknown(let reason): return .unknown("spacer gave up (\(reason))")
        case .unsat:
            let invariant = Quantifier.simplify(Quantifier.substituteVariables(try fp.cover(of: inv), x))
            do {
                _ = try LivenessTranslation.recheck(invariant, over: x, layout: layout, clause: clause, deadline: deadline)
            } catch let r as CertificateChecker.Rejected {
                guard case .unknown(let why) = r.result else { throw r }
                return .unknown("spacer found an invariant, but its re-check (\(r.obligation)) gave up (\(why))")
            }
            return .proved("spacer on its liveness-to-safety translation: an inductive invariant, "
                           + "re-checked in a fresh Z3 context (Init => Inv, Inv /\\ Trans => Inv', Inv => !Bad)")
        }
    }
}
