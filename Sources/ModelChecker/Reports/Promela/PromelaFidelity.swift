import ProtocolDSL

/// Decides whether the Promela export of a program means the same as the program, and how
/// to write the variables whose values do not fit Promela's 32-bit `int`.
///
/// The values every variable can take are computed first by a sound static analysis
/// (flow-insensitive; each step outside a loop runs at most once per instance, a loop is
/// iterated to a fixpoint and widened to the type); when that is not precise enough, by
/// exploring every reachable state (up to `stateLimit`). Variables whose values exceed
/// 32 bits are encoded by rank (`RankEncoding`) when they are only copied and compared and
/// take at most `ValueBounds.exactLimit` values; every other expression must compute the
/// same in Promela (`FidelityEvaluator`). Anything else is refused, naming the variable.
struct PromelaFidelity {
    let program: Program

    /// The most states explored to find the values exactly.
    static let stateLimit: Int = 200_000

    /// The encoding of the export, or a refusal.
    func encoding() throws -> RankEncoding {
        let staticValues = staticAnalysis()
        let first = decide(values: staticValues) { evaluator in
            var store = AnyStateStore(values: staticValues)
            everything(&evaluator, &store)
        }
        guard case .failure(let imprecise) = first else { return try first.get() }
        guard let (states, values) = explore() else {
            throw ExportRefusal(imprecise.message
                                + "; nor could its values be found exactly (over \(Self.stateLimit) states or data choices)")
        }
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        let exact = decide(values: values) { evaluator in
            for s in states {
                var store = OneStateStore(layout: layout, state: s)
                evaluator.invariants(&store)
                for i in program.instances.indices where !interp.isDone(s, i) {
                    evaluator.instance = i
                    let steps = program.steps(of: i)
                    evaluator.step(steps[interp.pc(s, i)], &store, runBody: interp.enabled(s, i))
                    store = OneStateStore(layout: layout, state: s)
                }
                if evaluator.issue != nil { return }
            }
        }
        return try exact.get()
    }

    /// Every guard, body and invariant, on a store of any state.
    func everything(_ evaluator: inout FidelityEvaluator, _ store: inout AnyStateStore) {
        evaluator.invariants(&store)
        evaluator.anyInstance = true
        for kind in program.kinds {
            evaluator.instance = kind.firstInstance
            for s in kind.steps { evaluator.step(s, &store) }
        }
    }

    /// Initial values and data choices: ranked ones are ranks, the others must fit Promela's int.
    func initialValues(_ evaluator: inout FidelityEvaluator) {
        evaluator.place = "initial value"
        for v in ProgramVariable.all(program) where !evaluator.ranked.contains(v) {
            let d = v.declaration(in: program)
            for r in d.initial {
                let b = ValueBounds(declared: r, d.type)
                if !b.within(ValueBounds.int32) {
                    evaluator.note(v.name(in: program), (r.lowerBound < r.upperBound ? "has a data choice " : "starts at ")
                                   + "\(b.text), beyond Promela's 32-bit int")
                }
            }
        }
    }

    /// The encoding for `values`, or why there is none: the ranked groups, then `check`, which
    /// runs the evaluator over the program with them.
    func decide(values: [ProgramVariable: ValueBounds],
                check: (inout FidelityEvaluator) -> Void) -> Result<RankEncoding, ExportRefusal> {
        let wide = Set(ProgramVariable.all(program).filter { !values[$0]!.within(ValueBounds.int32) })
        var groups: [(variables: [ProgramVariable], domain: [Int128])] = []
        for group in copyGroups() where !wide.isDisjoint(with: group.variables) {
            var domain = Set(group.constants)
            // Name a variable with a data choice first: the usual reason for too many values.
            let choosing = group.variables.filter { v in
                v.declaration(in: program).initial.contains { $0.lowerBound < $0.upperBound }
            }
            for v in choosing + group.variables {
                guard let e = values[v]!.exact, domain.count + e.count <= ValueBounds.exactLimit else {
                    return .failure(ExportRefusal("cannot export to Promela faithfully: \(v.name(in: program)) holds values "
                                                  + "beyond 32 bits (\(values[v]!.text)), too many (over "
                                                  + "\(ValueBounds.exactLimit)) to encode"))
                }
                domain.formUnion(e)
            }
            groups.append((group.variables, domain.sorted()))
        }
        let encoding = RankEncoding(groups: groups)
        var evaluator = FidelityEvaluator(program: program)
        evaluator.ranked = encoding.ranked
        evaluator.recording = true
        initialValues(&evaluator)
        check(&evaluator)
        if let issue = evaluator.issue {
            return .failure(ExportRefusal("cannot export to Promela faithfully: " + issue.line))
        }
        return .success(encoding)
    }

    // MARK: groups of copied and compared variables

    /// Variables joined by a copy (`x <- y`) or a comparison of copies (`x < y`), with the constants copied or compared.
    func copyGroups() -> [(variables: [ProgramVariable], constants: [Int128])] {
        var parent: [ProgramVariable: ProgramVariable] = [:]
        func find(_ v: ProgramVariable) -> ProgramVariable {
            var r = v
            while let p = parent[r], p != r { r = p }
            return r
        }
        // Every variable is in a group, alone when it is never copied or compared.
        for v in ProgramVariable.all(program) { parent[v] = v }
        var constants: [(ProgramVariable, Int128)] = []
        func join(_ vars: [ProgramVariable], _ consts: [Int128]) {
            guard let first = vars.first else { return }
            for v in vars.dropFirst() { parent[find(v)] = find(first) }
            constants += consts.map { (first, $0) }
        }
        var evaluator = FidelityEvaluator(program: program)
        func walk(_ e: TExpr) {
            switch e {
            case .binary(let op, let a, let b, _, _):
                if op.isComparison, let x = evaluator.leaves(a), let y = evaluator.leaves(b) {
                    join(x.variables + y.variables, x.constants + y.constants)
                }
                walk(a)
                walk(b)
            case .globalElement(_, let i, _), .localElement(_, _, let i, _): walk(i)
            case .unary(_, let a, _), .convert(let a, _): walk(a)
            case .ite(let c, let a, let b, _):
                walk(c)
                walk(a)
                walk(b)
            default: break
            }
        }
        func walk(_ body: [TStmt]) {
            for st in body {
                switch st {
                case .assign(let lv, let e):
                    if let x = evaluator.leaves(e) { join([evaluator.lvalue(lv).0] + x.variables, x.constants) }
                    lv.index.map(walk)
                    walk(e)
                case .ifElse(let c, let a, let b):
                    walk(c)
                    walk(a)
                    walk(b)
                case .choose(let lv, let lo, let hi, _):
                    // The chosen values belong to the target's domain (when few; else it is refused).
                    if let values = ValueBounds.chosen(lo, hi, lv.type).exact {
                        join([evaluator.lvalue(lv).0], values.sorted())
                    }
                    lv.index.map(walk)
                case .assert(let c, _): walk(c)
                default: break
                }
            }
        }
        for inv in program.invariants { for c in inv.clauses { walk(c.condition) } }
        for kind in program.kinds {
            evaluator.instance = kind.firstInstance
            for s in kind.steps {
                s.guardExpr.map(walk)
                walk(s.body)
            }
        }
        var groups: [ProgramVariable: (variables: [ProgramVariable], constants: [Int128])] = [:]
        for v in parent.keys { groups[find(v), default: ([], [])].variables.append(v) }
        for (v, c) in constants { groups[find(v), default: ([], [])].constants.append(c) }
        let named = groups.values.map { g in
            (g.variables.sorted { $0.name(in: program) < $1.name(in: program) }, g.constants)
        }
        return named.sorted { $0.0[0].name(in: program) < $1.0[0].name(in: program) }
    }

    // MARK: static analysis

    /// Each variable's possible values in any reachable state (an over-approximation).
    func staticAnalysis() -> [ProgramVariable: ValueBounds] {
        var store = AnyStateStore(values: [:])
        for v in ProgramVariable.all(program) {
            let d = v.declaration(in: program)
            store.values[v] = d.initial.map { ValueBounds(declared: $0, d.type) }
                .reduce(nil as ValueBounds?) { $0?.joined($1) ?? $1 } ?? ValueBounds(0)
        }
        var evaluator = FidelityEvaluator(program: program)
        evaluator.anyInstance = true
        // Steps outside a loop run at most once per instance: that many rounds cover every execution.
        let cyclic = program.kinds.map(cyclicSteps)
        let rounds = program.kinds.indices.reduce(0) { sum, k in
            sum + program.kinds[k].instances * (program.kinds[k].steps.count - cyclic[k].count)
        }
        func run(_ loops: Bool) {
            for (k, kind) in program.kinds.enumerated() {
                evaluator.instance = kind.firstInstance
                for (n, s) in kind.steps.enumerated() where cyclic[k].contains(n) == loops {
                    evaluator.step(s, &store)
                }
            }
        }
        for _ in 0...rounds {
            let before = store
            run(false)
            var iteration = 0
            while true {
                let start = store
                run(true)
                if store == start { break }
                iteration += 1
                if iteration >= 8 {
                    // Widen what still grows to its whole type.
                    for (v, b) in store.values where b != start.values[v] {
                        store.values[v] = ValueBounds(type: v.declaration(in: program).type)
                    }
                }
            }
            if store == before { break }
        }
        return store.values
    }

    /// The steps of `kind` that can run again after they ran (on a cycle of jumps).
    func cyclicSteps(_ kind: ProcessKind) -> Set<Int> {
        func successors(_ n: Int) -> Set<Int> {
            var out: Set<Int> = [kind.steps[n].fallthroughStep]
            func walk(_ body: [TStmt]) {
                for st in body {
                    switch st {
                    case .goto(let t): out.insert(t)
                    case .ifElse(_, let a, let b):
                        walk(a)
                        walk(b)
                    default: break
                    }
                }
            }
            walk(kind.steps[n].body)
            return out.filter { $0 < kind.steps.count }
        }
        var result: Set<Int> = []
        for n in kind.steps.indices {
            var seen: Set<Int> = [], todo = Array(successors(n))
            while let m = todo.popLast() {
                guard seen.insert(m).inserted else { continue }
                if m == n {
                    result.insert(n)
                    break
                }
                todo += successors(m)
            }
        }
        return result
    }

    // MARK: exploration

    /// Every reachable state that is not an error, with each variable's values over them;
    /// nil when there are more than `stateLimit` or the data choices are too many to enumerate.
    func explore() -> (states: [[UInt64]], values: [ProgramVariable: ValueBounds])? {
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        var initial = 1
        for slot in interp.choiceSlots {
            let r = layout.initialRange(ofSlot: slot)
            let n = Int128(r.upperBound) - Int128(r.lowerBound) + 1
            guard n <= Int128(Self.stateLimit), initial * Int(n) <= Self.stateLimit else { return nil }
            initial *= Int(n)
        }
        for kind in program.kinds {
            for r in kind.chooseRanges where Int128(r.upperBound) - Int128(r.lowerBound) >= Int128(ValueBounds.exactLimit) {
                return nil
            }
        }
        var seen = Set(interp.initialStates())
        var order = Array(seen), next = 0
        while next < order.count {
            let s = order[next]
            next += 1
            if s[layout.errorSlot] != 0 { continue }
            for i in program.instances.indices where interp.enabled(s, i) {
                for out in interp.execute(s, i) where seen.insert(out.state).inserted {
                    if order.count >= Self.stateLimit { return nil }
                    order.append(out.state)
                }
            }
        }
        var slots: [Int: Set<UInt64>] = [:]
        for s in order where s[layout.errorSlot] == 0 {
            for slot in 0..<layout.count where layout.valueType(ofSlot: slot) != nil {
                slots[slot, default: []].insert(s[slot])
            }
        }
        var values: [ProgramVariable: ValueBounds] = [:]
        for slot in slots.keys.sorted() {
            let v: ProgramVariable
            switch layout.roles[slot] {
            case .global(let g, _): v = .global(g)
            case .local(let i, let l, _): v = .local(kind: program.instances[i].kind, l)
            default: continue
            }
            let type = layout.valueType(ofSlot: slot)!
            let b = ValueBounds(values: Set(slots[slot]!.map { ValueBounds.value(bits: $0, type) }))
            values[v] = values[v].map { $0.joined(b) } ?? b
        }
        for v in ProgramVariable.all(program) where values[v] == nil { values[v] = ValueBounds(0) }
        return (order.filter { $0[layout.errorSlot] == 0 }, values)
    }
}
