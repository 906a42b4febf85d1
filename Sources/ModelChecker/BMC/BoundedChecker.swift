import Foundation
import ProtocolDSL
import SMT

/// Bounded model checking on Z3: finds the shortest execution that breaks a property.
///
/// One incremental solver holds the unrolled transition relation. At depth k it asks whether
/// state k can be bad (an error, a false invariant, a deadlock) under an assumption literal;
/// if not, it asks whether any step is enabled at depth k (if none, no execution is longer and
/// the search is complete), asserts that state k is good, and unrolls one more step. Depths
/// are visited in order, so the first violation found is a shortest one. Counterexamples are
/// replayed through the `Interpreter` to build their traces, which cross-checks the encoding.
/// With `CheckOptions.symmetry`, executions that only permute a family's members are pruned
/// (`SymmetryBreaking`).
public struct BoundedChecker {
    /// The program checked.
    public let program: Program

    /// Creates a checker.
    public init(program: Program) { self.program = program }

    /// Runs the search.
    public func check(_ options: CheckOptions, progress: ProgressHandler? = nil) throws -> CheckOutcome {
        try search(options, progress: progress).outcome
    }

    /// Runs the search; also says how many symmetry-breaking constraints it asserted.
    func search(_ options: CheckOptions, progress: ProgressHandler? = nil) throws
        -> (outcome: CheckOutcome, symmetryConstraints: Int) {
        let start = Date()
        let layout = StateLayout(program)
        let interpreter = Interpreter(layout: layout)
        let ctx = Z3Context()
        let solver = Solver(context: ctx, logic: "QF_BV")
        let enc = Encoder(context: ctx, layout: layout)

        var state = enc.initialState(solver)
        let initialChoices = enc.initialChoiceVariables(state)
        var stepVars: [Encoder.StepVars] = []
        var independenceTerms: [Encoder.IndependenceTerms] = []
        var found: [Trace] = []
        var seen = Set<Schedule>()
        var classes = CounterexampleClasses(interpreter: interpreter)
        var symmetry = options.symmetry ? SymmetryBreaking(Symmetry(program), encoder: enc,
                                                              sameState: options.maxCounterexamples == 1) : nil
        func done(_ outcome: CheckOutcome) -> (outcome: CheckOutcome, symmetryConstraints: Int) {
            (outcome, symmetry?.constraints ?? 0)
        }

        func remainingMilliseconds() -> UInt32? {
            guard let t = options.timeout else { return nil }
            return Solver.timeoutMilliseconds(t - Date().timeIntervalSince(start))
        }
        func ask(_ lit: BoolTerm) throws -> SolverResult {
            if let ms = remainingMilliseconds() { solver.setTimeout(milliseconds: ms) }
            return try solver.check(assuming: [lit])
        }

        for k in 0...options.maxDepth {
            let en = enc.transitions.indices.map { enc.enabled(state, $0) }
            let bad = enc.bad(state, enabled: en)
            let badLit = BoolTerm.variable("bad_\(k)", in: ctx)
            solver.assert(badLit.implies(bad))
            // Collect violations at this depth, blocking each schedule to find distinct ones.
            while found.count < options.maxCounterexamples {
                let r = try ask(badLit)
                // Violations already found stand: they were replayed by the interpreter.
                if case .unknown(let reason) = r { return done(found.isEmpty ? .unknown(reason: reason, depth: k) : .violated(found)) }
                guard r == .sat else { break }
                var model = try solver.model()
                if found.isEmpty && k > 1 {
                    model = try fewestSwitches(model, badLit, stepVars, enc, solver)
                }
                let schedule = try extract(model, initialChoices, stepVars, enc)
                guard !seen.contains(schedule) else {
                    throw CheckerInconsistency(message: "the solver repeated a blocked schedule")
                }
                seen.insert(schedule)
                let reordered = Relinearizer(interpreter: interpreter).reorder(schedule)
                let trace = try interpreter.trace(of: reordered)
                guard trace.violation != nil, trace.steps.count == k else {
                    throw CheckerInconsistency(message: "the solver's schedule of length \(k) is not a violation "
                                               + "when replayed")
                }
                // A copy of an earlier one up to symmetry or unread data choices is blocked, not kept.
                if classes.insert(reordered) { found.append(trace) }
                // Block this instance sequence (and its choices) at this depth.
                var same: [BoolTerm] = []
                for v in stepVars {
                    same.append(v.act.eq(BitVecTerm.literal(try model.eval(v.act), width: enc.actWidth, in: ctx)))
                }
                for (_, v) in initialChoices.sorted(by: { $0.key < $1.key }) {
                    same.append(v.eq(BitVecTerm.literal(try model.eval(v), width: v.width, in: ctx)))
                }
                solver.assert(!BoolTerm.and(same, in: ctx))
                if same.isEmpty { break }
            }
            if found.count >= options.maxCounterexamples { return done(.violated(found)) }
            // State k is good on every path we extend.
            solver.assert(!bad)
            progress?(k, Date().timeIntervalSince(start))
            if k == options.maxDepth { break }
            let canMoveLit = BoolTerm.variable("moves_\(k)", in: ctx)
            solver.assert(canMoveLit.implies(BoolTerm.or(en, in: ctx)))
            let r = try ask(canMoveLit)
            if case .unknown(let reason) = r { return done(.unknown(reason: reason, depth: k)) }
            if r == .unsat {
                return done(found.isEmpty ? .holds(depth: k, complete: true) : .violated(found))
            }
            let (next, vars) = enc.step(from: state, enabled: en, t: k, solver, oneHot: true)
            enc.normalForm(vars, earlier: independenceTerms, after: next, solver)
            independenceTerms.append(enc.independenceTerms(vars))
            symmetry?.constrain(vars, from: state, ctx, solver)
            stepVars.append(vars)
            state = next
        }
        return done(found.isEmpty ? .holds(depth: options.maxDepth, complete: false) : .violated(found))
    }

    /// The deterministic work bound of each query that looks for fewer context switches.
    static let switchSearchResourceLimit: UInt32 = 5_000_000

    /// Among violations at this depth, one with the fewest context switches (for reading):
    /// lowers the bound one by one while the solver finds a violation within a fixed resource
    /// budget (deterministic, unlike a timeout); keeps the best model found.
    func fewestSwitches(_ first: Model, _ badLit: BoolTerm, _ vars: [Encoder.StepVars], _ enc: Encoder,
                        _ solver: Solver) throws -> Model {
        let switches = enc.contextSwitches(vars)
        var best = first
        var bound = try first.eval(switches)
        solver.setResourceLimit(Self.switchSearchResourceLimit)
        defer { solver.setResourceLimit(0) }
        while bound > 0 {
            let fewer = BoolTerm.variable("switches_below_\(bound)", in: enc.ctx)
            solver.assert(fewer.implies(switches.ult(BitVecTerm.literal(bound, width: 16, in: enc.ctx))))
            guard try solver.check(assuming: [badLit, fewer]) == .sat else { break }
            best = try solver.model()
            bound = try best.eval(switches)
        }
        return best
    }

    func extract(_ model: Model, _ initial: [Int: BitVecTerm], _ vars: [Encoder.StepVars], _ enc: Encoder) throws -> Schedule {
        var initialChoices: [Int: Int64] = [:]
        for (slot, v) in initial {
            let bits = try model.eval(v)
            let t = enc.layout.valueType(ofSlot: slot)
            if case .int(let w, true)? = t {
                initialChoices[slot] = signExtend(bits, from: w)
            } else {
                initialChoices[slot] = Int64(bitPattern: bits)
            }
        }
        var steps: [ScheduledStep] = []
        for v in vars {
            let j = Int(try model.eval(v.act))
            guard j < enc.transitions.count else {
                throw CheckerInconsistency(message: "transition index \(j) out of range")
            }
            let i = enc.transitions[j].instance
            var choices: [Int: Int64] = [:]
            for (site, c) in v.choices[program.instances[i].kind].enumerated() {
                choices[site] = Int64(bitPattern: try model.eval(c))
            }
            steps.append(ScheduledStep(instance: i, choices: choices))
        }
        return Schedule(initialChoices: initialChoices, steps: steps)
    }
}
