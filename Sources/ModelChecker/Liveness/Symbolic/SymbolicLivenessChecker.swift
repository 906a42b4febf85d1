import Foundation
import ProtocolDSL
import SMT

/// Liveness by bounded model checking on Z3, through the liveness-to-safety translation
/// (`LivenessMonitor`): a lasso that violates a clause is a path of the translated system to
/// one of its bad states.
///
/// For each clause, one incremental solver unrolls the translated system (the BMC encoding's
/// steps, each with an oracle bit that may save the state it starts from) with its states
/// pairwise distinct: a shortest path to a bad state is simple, so this keeps every shortest
/// lasso, and when no simple path is one step longer, no bad state is reachable at all and the
/// clause holds on every fair execution. Depths are visited in order, so the lasso found has
/// the fewest steps (stem and loop together). It goes through `Lasso`, which replays it on
/// the interpreter and checks its loop, its fairness and the formula before it is reported.
///
/// No partial-order or symmetry reduction (neither keeps fair loops). Past `maxDepth`, or at
/// the timeout, the answer is unknown.
public struct SymbolicLivenessChecker {
    /// The deepest unrolling when no depth is given (a proof engine rebuilding a lasso it found).
    public static let maxDepth = 1000

    /// The program checked.
    public let program: Program

    /// Creates a checker.
    public init(program: Program) { self.program = program }

    /// Checks every liveness property, in declaration order, with unrollings of at most
    /// `maxDepth` steps each, within `deadline`.
    public func check(maxDepth: Int, deadline: Date? = nil) throws -> [LivenessResult] {
        var results: [LivenessResult] = []
        for property in program.liveness {
            var outcome = LivenessOutcome.proved(how: "")
            var depths: [Int] = []
            for clause in property.clauses {
                let (o, depth) = try check(clause, of: property, maxDepth: maxDepth, deadline: deadline)
                if case .proved = o { depths.append(depth); continue }
                outcome = o
                break
            }
            if case .proved = outcome {
                outcome = .proved(how: "bmc on its liveness-to-safety translation found no simple path longer than "
                                  + Program.plural(depths.max() ?? 0, "step"))
            }
            results.append(LivenessResult(property: property.name, outcome: outcome))
        }
        return results
    }

    /// The outcome for one clause, and the depth the search stopped at.
    func check(_ clause: LivenessClause, of property: LivenessIR, maxDepth: Int, deadline: Date?) throws
        -> (LivenessOutcome, Int) {
        let layout = StateLayout(program)
        let ctx = Z3Context()
        let solver = Solver(context: ctx, logic: "QF_BV")
        let enc = Encoder(context: ctx, layout: layout)
        let monitor = LivenessMonitor(encoder: enc, clause: clause)
        func ask(_ assumptions: [BoolTerm]) throws -> SolverResult {
            if let d = deadline { solver.setTimeout(milliseconds: Solver.timeoutMilliseconds(d.timeIntervalSinceNow)) }
            return try solver.check(assuming: assumptions)
        }
        var state = enc.initialState(solver)
        let initialChoices = enc.initialChoiceVariables(state)
        var mon = monitor.initial(state)
        var path = [state + mon]
        var stepVars: [Encoder.StepVars] = [], saves: [BoolTerm] = []
        for k in 0...maxDepth {
            let en = enc.transitions.indices.map { enc.enabled(state, $0) }
            let bad = monitor.bad(state, mon, en)
            let badLit = BoolTerm.variable("lasso_\(k)", in: ctx)
            solver.assert(badLit.implies(bad))
            switch try ask([badLit]) {
            case .unknown(let reason): return (.unknown(reason: "bmc gave up at depth \(k) (\(reason))"), k)
            case .sat:
                let model = try solver.model()
                let schedule = try BoundedChecker(program: program).extract(model, initialChoices, stepVars, enc)
                let closed = try model.eval(monitor.loopViolation(state, mon))
                let loopStart = closed ? try saves.firstIndex { try model.eval($0) } ?? k : k
                return (.violated(try Lasso(program: program, property: property, instantiation: clause.instantiation,
                                            schedule: schedule, loopStart: loopStart)), k)
            case .unsat: break
            }
            solver.assert(!bad)
            if k == maxDepth { break }
            let save = BoolTerm.variable("save_\(k)", in: ctx)
            solver.assert(monitor.saveAllowed(mon, save: save))
            let (next, vars) = enc.step(from: state, enabled: en, t: k, solver, oneHot: true)
            mon = monitor.next(mon, state, en, vars.picks, save: save, next)
            state = next
            let translated = state + mon
            for earlier in path { solver.assert(!KInductionProver.equal(earlier, translated, ctx)) }
            path.append(translated)
            stepVars.append(vars)
            saves.append(save)
            switch try ask([]) {
            case .unknown(let reason): return (.unknown(reason: "bmc gave up at depth \(k + 1) (\(reason))"), k)
            case .unsat: return (.proved(how: ""), k)
            case .sat: break
            }
        }
        return (.unknown(reason: "bmc found no lasso within \(Program.plural(maxDepth, "step")), and the "
                         + "liveness-to-safety translation has longer simple paths (prove decides it)"), maxDepth)
    }
}
