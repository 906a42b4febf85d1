import ProtocolDSL

/// A liveness counterexample: a fair infinite execution, as a stem from an initial state and a
/// loop that returns to the stem's last state and repeats forever.
public struct Lasso: Sendable, Equatable {
    /// The property violated.
    public let property: String
    /// The clause's instantiation (`thread[1]`), empty for an unquantified property.
    public let instantiation: String
    /// The execution: the stem's steps, then the loop's once; `trace.loopStart` is the stem's
    /// length, and the state after the last step is the state at `loopStart` again (with an
    /// empty loop, the execution stays in its last state forever: nothing can move there).
    public let trace: Trace

    /// The number of steps before the loop.
    public var stemLength: Int { trace.loopStart ?? trace.steps.count }
    /// The number of steps of the loop (0: the execution stutters in its last state).
    public var loopLength: Int { trace.steps.count - stemLength }

    /// The lasso that `schedule` describes (its first `loopStart` steps the stem, the rest the
    /// loop), for the clause of `property` instantiated as `instantiation`, checked on the
    /// reference interpreter: any engine's lasso goes through here.
    ///
    /// Throws `CheckerInconsistency` unless it is a counterexample: the schedule replays, the
    /// loop returns to the state it starts from (an empty loop: nothing can move in the last
    /// state), the loop is fair to every instance (weak: it moves in the loop or cannot move in
    /// some state of it; strong: it moves, or cannot move in any state of it), and the formula
    /// is false on the infinite execution.
    public init(program: Program, property: LivenessIR, instantiation: String, schedule: Schedule,
                loopStart k: Int) throws {
        func inconsistent(_ what: String) -> CheckerInconsistency {
            CheckerInconsistency(message: "lasso for \(property.name)"
                                 + (instantiation.isEmpty ? "" : " [\(instantiation)]") + ": \(what)")
        }
        guard let clause = property.clauses.first(where: { $0.instantiation == instantiation }) else {
            throw inconsistent("the property has no such clause")
        }
        let interp = Interpreter(layout: StateLayout(program))
        let replayed = try interp.trace(of: schedule)
        let s = replayed.states, end = s.count - 1
        guard replayed.steps.count == schedule.steps.count, (0...end).contains(k), s[k] == s[end] else {
            throw inconsistent("the loop does not return to the state it starts from")
        }
        let loopStates = k == end ? [s[end]] : Array(s[k..<end])
        if k == end, program.instances.indices.contains(where: { interp.enabled(s[end], $0) }) {
            throw inconsistent("an empty loop where a process can move")
        }
        let movers = Set(schedule.steps[k...].map(\.instance))
        for (i, inst) in program.instances.enumerated() where !movers.contains(i) {
            let enabledIn = loopStates.filter { interp.enabled($0, i) }.count
            switch program.kinds[inst.kind].fairness {
            case .none: break
            case .weak where enabledIn == loopStates.count, .strong where enabledIn > 0:
                throw inconsistent("the loop is unfair to \(program.instanceName(i))")
            case .weak, .strong: break
            }
        }
        func holds(_ e: TExpr, _ state: [UInt64]) -> Bool {
            var err: ErrorCode?
            return interp.eval(e, state, nil, &err) != 0
        }
        let why: String
        switch clause.formula {
        case .eventually(let p):
            guard !s.contains(where: { holds(p, $0) }) else { throw inconsistent("the condition holds in some state") }
            why = "its condition holds in no state of this execution"
        case .infinitelyOften(let p):
            guard !loopStates.contains(where: { holds(p, $0) }) else { throw inconsistent("the condition holds in the loop") }
            why = "its condition holds in no state of the loop, which repeats forever"
        case .leadsTo(let p, let q):
            let qInLoop = loopStates.contains { holds(q, $0) }
            guard !qInLoop, let j = (0...end).first(where: { j in holds(p, s[j]) && !s[j...].contains { holds(q, $0) } }) else {
                throw inconsistent("no state where the left side holds is followed only by states where the right side is false")
            }
            why = "the left side holds " + (j == 0 ? "in the initial state" : "after step \(j)")
                + " and the right side in no state from there on"
        }
        let message = "liveness property \(property.name) is false"
            + (instantiation.isEmpty ? "" : " for \(instantiation)") + ": \(ProgramPrinter(program).render(clause.formula)): \(why)"
        self.property = property.name
        self.instantiation = instantiation
        trace = Trace(model: replayed.model, instances: replayed.instances, initial: replayed.initial,
                      dataChoices: replayed.dataChoices, steps: replayed.steps,
                      violation: Violation(kind: .liveness, name: property.name, message: message),
                      layout: replayed.layout, states: replayed.states, run: replayed.run, loopStart: k)
    }
}
