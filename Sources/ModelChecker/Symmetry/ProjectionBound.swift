import ProtocolDSL

/// How many members of a family a counterexample of at most `k` steps can need, so that a search
/// of the program with the family capped at that many members, to `k` steps, decides whether the
/// program at its real size has a counterexample of at most `k` steps.
///
/// Take such a counterexample of a program whose family is interchangeable (`Symmetry`: no step
/// names a member, so no other instance reads a member's locals or program counter). Drop every
/// member that writes no global in it and is not a witness of its violation. What remains is
/// still an execution: the dropped members' steps changed only their own locals and lock holds,
/// and fewer holds only enable acquires (no expression reads a lock). It ends in the same kind
/// of violation:
/// - a false invariant clause reads globals and the members it names (at most `r`, the most
///   members one clause of the program names);
/// - an assertion, a lock misuse or an index out of bounds is raised by the last step, whose
///   member is kept (when it is a member of the family, one more than the writers);
/// - in a deadlock the kept members are still blocked when, for each lock, one member holding it
///   at the end is kept (an exclusive holder when there is one), with one member that has not
///   terminated.
///
/// Each kept writer takes at least `dW` steps (the fewest steps from a member's first step to and
/// including one that can write a global; guards are ignored, which only shortens it), a kept
/// holder `dL` (to an acquire), the raising member `dV` (to a step that asserts, releases or
/// indexes an array). So at most `members(k)` members of the family move; renamed to the first
/// ones (the family's permutations are symmetries), they are an execution of the capped program
/// of at most `k` steps, provided the capped program is the real one without the other members
/// (`isRestriction`, which the caller checks).
enum ProjectionBound {
    /// The most members of kind `kind` that a counterexample of at most `k` steps needs.
    static func members(of kind: Int, in program: Program, steps k: Int) -> Int {
        let steps = program.kinds[kind].steps
        let dW = distance(steps) { writesGlobal($0.body) }
        let dL = distance(steps) { $0.acquire != nil }
        let dV = distance(steps) { mayRaise($0, program) }
        // The writers `budget` steps can pay for.
        func writers(_ budget: Int) -> Int { dW.map { budget / $0 } ?? 0 }
        // Whatever raises the violation (a member of another kind, too), the writers stay.
        var most = max(1, writers(k))
        if !program.invariants.isEmpty {
            most = max(most, writers(k) + namedPerClause(kind, program))
        }
        if let dV, dV <= k {
            most = max(most, 1 + writers(k - dV))
        }
        if program.deadlockIsViolation {
            let holders = min(program.locks.count, dL.map { k / $0 } ?? 0)
            for h in 0...holders {
                most = max(most, h + writers(k - h * (dL ?? 0)) + 1)
            }
        }
        return most
    }

    /// Whether `small` is `program` with fewer members of some kinds and nothing else changed:
    /// the same globals, locks, locals and steps (printed the same way, apart from the instance
    /// counts), and as invariant clauses exactly those of `program` that name only instances
    /// `small` has.
    static func isRestriction(_ small: Program, of program: Program) -> Bool {
        guard small.kinds.count == program.kinds.count, small.invariants.count == program.invariants.count,
              small.deadlockIsViolation == program.deadlockIsViolation,
              zip(small.kinds, program.kinds).allSatisfy({ $0.name == $1.name && $0.instances <= $1.instances })
        else { return false }
        guard text(small) == text(program) else { return false }
        // Member i of a kind in `small` is member i of that kind in `program`.
        var real: [Int: Int] = [:]
        for (i, inst) in small.instances.enumerated() {
            real[i] = program.kinds[inst.kind].firstInstance + inst.index
        }
        let kept = Set(real.values)
        for (a, b) in zip(small.invariants, program.invariants) {
            guard a.name == b.name else { return false }
            let mine = Set(a.clauses.map { Symmetry.renamed($0.condition, real) })
            let theirs = Set(b.clauses.map(\.condition).filter { named(in: $0).isSubset(of: kept) })
            guard mine == theirs else { return false }
        }
        return true
    }

    /// Everything of `p` but its instance counts and invariants, printed: globals with their
    /// initial values, locks, and per kind its fairness, locals and steps.
    private static func text(_ p: Program) -> [String] {
        let printer = ProgramPrinter(p)
        func decl(_ v: Variable) -> String { "\(v.name): \(v.type) \(v.count ?? 0) \(v.initial)" }
        var out = p.globals.map(decl) + p.locks.map { "\($0.name): \($0.kind.rawValue)" }
        for (k, kind) in p.kinds.enumerated() {
            out.append("\(kind.name) \(kind.fairness.rawValue) \(kind.chooseRanges)")
            out += kind.locals.map(decl)
            for step in kind.steps {
                out.append("\(step.label) \(step.fallthroughStep) "
                           + (step.acquire.map { "\($0.lock) \($0.mode.rawValue)" } ?? "-") + " "
                           + (step.guardExpr.map { printer.render($0, kind: k) } ?? "-"))
                out += printer.render(step.body, kind: k, indent: "  ")
            }
        }
        return out
    }

    /// The fewest steps from step 0 to and including a step that satisfies `wanted` (nil: none
    /// is reachable), over the steps' fall-through and jump targets.
    static func distance(_ steps: [StepIR], _ wanted: (StepIR) -> Bool) -> Int? {
        guard !steps.isEmpty else { return nil }
        var depth = [Int?](repeating: nil, count: steps.count)
        depth[0] = 1
        var queue = [0]
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            if wanted(steps[s]) { return depth[s] }
            var next = [steps[s].fallthroughStep]
            jumps(steps[s].body, into: &next)
            for t in next where t < steps.count && depth[t] == nil {
                depth[t] = depth[s]! + 1
                queue.append(t)
            }
        }
        return nil
    }

    private static func jumps(_ body: [TStmt], into out: inout [Int]) {
        for st in body {
            switch st {
            case .goto(let t): out.append(t)
            case .ifElse(_, let a, let b):
                jumps(a, into: &out)
                jumps(b, into: &out)
            default: break
            }
        }
    }

    private static func writesGlobal(_ body: [TStmt]) -> Bool {
        body.contains { st in
            switch st {
            case .assign(let lv, _), .choose(let lv, _, _, _): return lv.scope == .global
            case .ifElse(_, let a, let b): return writesGlobal(a) || writesGlobal(b)
            default: return false
            }
        }
    }

    /// Whether the step can raise an error: it asserts, releases a lock or indexes an array
    /// other than by a constant within its bounds.
    private static func mayRaise(_ step: StepIR, _ program: Program) -> Bool {
        func raises(_ body: [TStmt]) -> Bool {
            body.contains { st in
                switch st {
                case .assert, .release: return true
                case .ifElse(_, let a, let b): return raises(a) || raises(b)
                case .assign(let lv, _), .choose(let lv, _, _, _):
                    guard let i = lv.index else { return false }
                    let count = lv.scope == .global ? program.globals[lv.variable].slots : 0
                    if case .const(let v, _) = i, lv.scope == .global, v < UInt64(count) { return false }
                    return true
                default: return false
                }
            }
        }
        if raises(step.body) { return true }
        var exprs: [TExpr] = step.guardExpr.map { [$0] } ?? []
        Interchangeable.collect(step.body, into: &exprs)
        var indexes = false
        for e in exprs {
            Interchangeable.walk(e) { sub in
                switch sub {
                case .globalElement(let g, let i, _):
                    if case .const(let v, _) = i, v < UInt64(program.globals[g].slots) { return }
                    indexes = true
                case .localElement: indexes = true
                default: break
                }
            }
        }
        return indexes
    }

    /// The most members of `kind` that one invariant clause names.
    private static func namedPerClause(_ kind: Int, _ program: Program) -> Int {
        program.invariants.flatMap(\.clauses).map { clause in
            named(in: clause.condition).filter { program.instances[$0].kind == kind }.count
        }.max() ?? 0
    }

    /// The instances `e` names (their locals or program counters).
    private static func named(in e: TExpr) -> Set<Int> {
        var out = Set<Int>()
        Interchangeable.walk(e) { sub in
            switch sub {
            case .local(_, .fixed(let f), _), .localElement(_, .fixed(let f), _, _), .pcIs(let f, _): out.insert(f)
            default: break
            }
        }
        return out
    }
}
