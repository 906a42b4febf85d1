import ProtocolDSL

/// Tells counterexamples apart the way `--max-counterexamples` promises: two schedules are the
/// same counterexample when one becomes the other by permuting interchangeable instances
/// (`Interchangeable`) and by changing initial data choices that no executed step, and no
/// property that is false at the end, reads.
///
/// The reads are syntactic and over-approximated (an array read reads every element), so two
/// counterexamples are merged only when their executions are the same up to the permutation:
/// the same steps, the same branches, the same violation.
struct CounterexampleClasses {
    let interpreter: Interpreter
    /// The kinds whose instances are interchangeable.
    let families: Set<Int>
    /// The classes seen so far.
    private var seen: Set<Key> = []

    /// What identifies a class.
    struct Key: Hashable {
        /// Per step: kind, the instance's rank in its family (or its flat index), the choices.
        var steps: [[Int64]]
        /// The read initial choices: owner (rank or flat index, -1 for a global), variable, element, value.
        var choices: [[Int64]]
    }

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
        self.families = Interchangeable.kinds(of: interpreter.layout.program)
    }

    /// Records the class of `schedule`; true when no earlier schedule was in it.
    mutating func insert(_ schedule: Schedule) -> Bool {
        seen.insert(key(of: schedule)).inserted
    }

    func key(of schedule: Schedule) -> Key {
        let layout = interpreter.layout
        let program = layout.program
        // Replay, collecting what the executed steps read.
        var s = interpreter.initialState(choices: schedule.initialChoices)
        var read = Set<Int>()
        var lastError: (code: ErrorCode, message: String)?
        for st in schedule.steps {
            let step = program.steps(of: st.instance)[interpreter.pc(s, st.instance)]
            var exprs: [TExpr] = step.guardExpr.map { [$0] } ?? []
            Interchangeable.collect(step.body, into: &exprs)
            for e in exprs { reads(e, executing: st.instance, into: &read) }
            let out = interpreter.execute(s, st.instance, fixedChoices: st.choices)[0]
            s = out.state
            lastError = out.error
        }
        if lastError == nil {
            // The violation reported is an invariant when one is false, else a deadlock.
            var invariantFalse = false
            for inv in program.invariants {
                for c in inv.clauses {
                    var err: ErrorCode?
                    if interpreter.eval(c.condition, s, nil, &err) == 0 {
                        reads(c.condition, executing: nil, into: &read)
                        invariantFalse = true
                    }
                }
            }
            if !invariantFalse && interpreter.isDeadlock(s) {
                // Whether the others could move depends on their guards.
                for i in program.instances.indices where !interpreter.isDone(s, i) {
                    if let g = program.steps(of: i)[interpreter.pc(s, i)].guardExpr { reads(g, executing: i, into: &read) }
                }
            }
        }
        // Rank the members of each family by their first step; members that never step follow,
        // ordered by their read choices, so the key does not depend on which member did the work.
        var rank: [Int: Int] = [:]
        var next: [Int: Int] = [:]
        for st in schedule.steps where families.contains(program.instances[st.instance].kind) && rank[st.instance] == nil {
            let kind = program.instances[st.instance].kind
            rank[st.instance] = next[kind, default: 0]
            next[kind, default: 0] += 1
        }
        func ownChoices(_ i: Int) -> [[Int64]] {
            schedule.initialChoices.compactMap { slot, v -> [Int64]? in
                guard read.contains(slot), case .local(i, let l, let e) = layout.roles[slot] else { return nil }
                return [Int64(l), Int64(e), v]
            }.sorted { $0.lexicographicallyPrecedes($1) }
        }
        for kind in families {
            let idle = program.instances.indices.filter { program.instances[$0].kind == kind && rank[$0] == nil }
            for i in idle.sorted(by: { ownChoices($0).lexicographicallyPrecedes(ownChoices($1)) { $0.lexicographicallyPrecedes($1) } }) {
                rank[i] = next[kind, default: 0]
                next[kind, default: 0] += 1
            }
        }
        func owner(_ i: Int) -> Int64 {
            if let r = rank[i] { return Int64(program.instances[i].kind) << 32 | Int64(r) }
            return Int64(1) << 48 | Int64(i)
        }
        var key = Key(steps: [], choices: [])
        for st in schedule.steps {
            key.steps.append([owner(st.instance)] + st.choices.sorted { $0.key < $1.key }.flatMap { [Int64($0.key), $0.value] })
        }
        for (slot, v) in schedule.initialChoices where read.contains(slot) {
            switch layout.roles[slot] {
            case .local(let i, let l, let e): key.choices.append([owner(i), Int64(l), Int64(e), v])
            default: key.choices.append([-1, Int64(slot), 0, v])
            }
        }
        key.choices.sort { $0.lexicographicallyPrecedes($1) }
        return key
    }

    func reads(_ e: TExpr, executing: Int?, into read: inout Set<Int>) {
        ExpressionReads(layout: interpreter.layout).add(e, executing: executing, into: &read)
    }
}
