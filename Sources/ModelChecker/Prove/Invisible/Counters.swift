import ProtocolDSL

/// Counters: integer variables that steps bump by a constant (`mmu_notifier_seq`,
/// `mmu_notifier_count`), with the variables they are copied into or compared with (a vCPU's
/// `mmu_seq` snapshot). Their values grow with the number of members, so a projection from a
/// small instance, which never sees a count of 3, must not state them absolutely.
///
/// A projection writes a counter's value exactly up to the class's threshold (the largest
/// constant the program compares a class variable with, assigns to one, or starts one at)
/// and as "above the threshold" beyond it; and it records, for every two counters of a class
/// in the view, whether the first is below, equal to or above the second. The analysis is
/// syntactic; it only steers the guess, which is re-checked at the real size.
struct Counters: Sendable {
    /// A class of counters: its variables and threshold.
    struct Class: Sendable {
        let variables: Set<Scalarset.Variable>
        let threshold: Int64
        /// The kinds whose steps bump a global of the class.
        let globalBumpers: Set<Int>
    }

    /// The classes (only those with a variable that some step bumps).
    let classes: [Class]

    /// The counters of `program`.
    init(_ program: Program) {
        var parent: [Scalarset.Variable: Scalarset.Variable] = [:]
        func find(_ v: Scalarset.Variable) -> Scalarset.Variable {
            var r = v
            while let p = parent[r], p != r { r = p }
            return r
        }
        func union(_ a: Scalarset.Variable, _ b: Scalarset.Variable) {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[ra] = rb }
        }
        var bumped = Set<Scalarset.Variable>()
        var bumpers: [Scalarset.Variable: Set<Int>] = [:]
        var constants: [Scalarset.Variable: Int64] = [:]
        var excluded = Set<Scalarset.Variable>()
        func note(_ v: Scalarset.Variable, _ c: Int64) { constants[v] = max(constants[v] ?? 0, c) }

        func scalar(_ e: TExpr, _ kk: Int?) -> Scalarset.Variable? {
            switch e {
            case .convert(let inner, _): return scalar(inner, kk)
            case .global(let g, let t) where Self.isInteger(t): return .global(g)
            case .local(let l, let sel, let t) where Self.isInteger(t):
                switch sel {
                case .current: return kk.map { .local(kind: $0, variable: l) }
                case .fixed(let f): return .local(kind: program.instances[f].kind, variable: l)
                }
            default: return nil
            }
        }
        let constant = Self.constant
        func visit(_ e: TExpr, _ kk: Int?) {
            Interchangeable.walk(e) { sub in
                guard case .binary(let op, let a, let b, _, _) = sub,
                      [.eq, .ne, .lt, .le, .gt, .ge].contains(op) else { return }
                let va = scalar(a, kk), vb = scalar(b, kk)
                if let x = va, let y = vb { union(x, y) }
                if let x = va, let c = constant(b) { note(x, c) }
                if let y = vb, let c = constant(a) { note(y, c) }
            }
        }
        func statements(_ body: [TStmt], _ kk: Int) {
            for s in body {
                switch s {
                case .assign(let lv, let e):
                    let target: Scalarset.Variable = Scalarset.variable(lv, kind: kk)
                    if lv.index != nil || !Self.isInteger(lv.type) { excluded.insert(target); visit(e, kk); continue }
                    if Self.bump(e, of: target, scalar: { scalar($0, kk) }) != nil {
                        bumped.insert(target)
                        bumpers[target, default: []].insert(kk)
                    } else if let source = scalar(e, kk) {
                        union(target, source)
                    } else if let c = constant(e) {
                        note(target, c)
                    }
                    visit(e, kk)
                case .ifElse(let c, let a, let b):
                    visit(c, kk)
                    statements(a, kk)
                    statements(b, kk)
                case .assert(let e, _):
                    visit(e, kk)
                case .choose(let lv, _, _, _):
                    excluded.insert(Scalarset.variable(lv, kind: kk))
                case .goto, .terminate, .release:
                    break
                }
            }
        }
        for (kk, kind) in program.kinds.enumerated() {
            for step in kind.steps {
                if let g = step.guardExpr { visit(g, kk) }
                statements(step.body, kk)
            }
            for (l, v) in kind.locals.enumerated() where v.slots == 1 {
                if let r = v.initial.first { note(.local(kind: kk, variable: l), r.upperBound) }
            }
        }
        for inv in program.invariants { for clause in inv.clauses { visit(clause.condition, nil) } }
        for (g, v) in program.globals.enumerated() {
            if v.slots != 1 { excluded.insert(.global(g)) }
            if let r = v.initial.first { note(.global(g), r.upperBound) }
        }
        // Group by class; keep classes with a bumped variable and no excluded one.
        var members: [Scalarset.Variable: Set<Scalarset.Variable>] = [:]
        for v in Set(parent.keys).union(bumped).union(constants.keys) {
            members[find(v), default: []].insert(v)
        }
        var classes: [Class] = []
        for (_, vars) in members.sorted(by: { "\($0.key)" < "\($1.key)" })
        where !vars.isDisjoint(with: bumped) && vars.isDisjoint(with: excluded) {
            let threshold = vars.compactMap { constants[$0] }.max() ?? 0
            let kinds = vars.reduce(into: Set<Int>()) { out, v in
                if case .global = v { out.formUnion(bumpers[v] ?? []) }
            }
            classes.append(Class(variables: vars, threshold: threshold, globalBumpers: kinds))
        }
        self.classes = classes
    }

    /// The constant `e` adds to `target` when it is `target + c` or `target - c` (conversions
    /// between integer types aside: the result is stored in the target's width either way).
    static func bump(_ e: TExpr, of target: Scalarset.Variable,
                     scalar: (TExpr) -> Scalarset.Variable?) -> Int64? {
        switch e {
        case .convert(let inner, _): return bump(inner, of: target, scalar: scalar)
        case .binary(let op, let a, let b, _, _) where op == .add || op == .sub:
            guard scalar(a) == target, let c = constant(b) else { return nil }
            return op == .add ? c : 0 &- c
        default: return nil
        }
    }

    /// The value of a constant expression (conversions aside).
    static func constant(_ e: TExpr) -> Int64? {
        switch e {
        case .const(let v, _): return Int64(bitPattern: v)
        case .convert(let inner, _): return constant(inner)
        default: return nil
        }
    }

    static func isInteger(_ t: ValueType) -> Bool {
        if case .int = t { return true }
        return false
    }
}
