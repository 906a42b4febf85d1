import ProtocolDSL

/// Member identities as data: a kind whose steps read `selfIndex` only to store `selfIndex + c`
/// (a page id, a pfn) is still a family when those values are only copied and compared for
/// equality, a scalarset in Murphi's sense. Permuting the members then renames the stored ids
/// (`c + j` becomes `c + π(j)`), and the constants below `c` (0 for "none") stay.
///
/// The analysis is syntactic and conservative: the variables that may hold an id are the
/// targets of `selfIndex + c` and of copies of such variables; every read of one must be a
/// copy into another, or an operand of `==`/`!=` against another or against a constant below
/// `c`; initial values must be below `c`; the type must hold `c + members - 1`. Anything else
/// (arithmetic, ordering, an index, a choice, another use of `selfIndex`) rejects the kind.
struct Scalarset: Sendable {
    /// A variable: a global, or a local of a kind.
    enum Variable: Hashable, Sendable {
        case global(Int)
        case local(kind: Int, variable: Int)
    }

    /// The kind whose members the ids name.
    let kind: Int
    /// The smallest id (`c`); smaller values are constants that no permutation changes.
    let offset: UInt64
    /// The variables that hold ids.
    let variables: Set<Variable>

    /// The scalarset of `kind` in `program`, or nil when its `selfIndex` uses are not of this form
    /// (or it uses none).
    static func of(kind k: Int, in program: Program) -> Scalarset? {
        var seeds = Set<Variable>()
        var offset: UInt64?
        // 1. Every selfIndex is the whole of `lv <- selfIndex + c` (possibly converted).
        var selfUses = 0, seedUses = 0
        for (kk, kind) in program.kinds.enumerated() {
            for step in kind.steps {
                forEachAssignment(step.body) { lv, e in
                    if let c = seedOffset(e) {
                        if kk == k { seedUses += 1 }
                        seeds.insert(variable(lv, kind: kk))
                        if offset == nil { offset = c } else if offset != c { offset = UInt64.max }
                    }
                }
                var exprs: [TExpr] = step.guardExpr.map { [$0] } ?? []
                Interchangeable.collect(step.body, into: &exprs)
                for e in exprs { Interchangeable.walk(e) { if case .selfIndex = $0 { selfUses += kk == k ? 1 : 100 } } }
            }
        }
        guard let c = offset, c != UInt64.max, seedUses > 0, seedUses == selfUses else { return nil }
        // 2. Close over copies.
        var ids = seeds
        var changed = true
        while changed {
            changed = false
            for (kk, kind) in program.kinds.enumerated() {
                for step in kind.steps {
                    forEachAssignment(step.body) { lv, e in
                        let target = variable(lv, kind: kk)
                        if !ids.contains(target), idRead(e, kind: kk, program, ids) != nil {
                            ids.insert(target)
                            changed = true
                        }
                    }
                }
            }
        }
        let set = Scalarset(kind: k, offset: c, variables: ids)
        return set.admissible(program) ? set : nil
    }

    /// Whether every use of the id variables is a copy or an equality, and the values fit.
    private func admissible(_ program: Program) -> Bool {
        let members = UInt64(program.kinds[kind].instances)
        for v in variables {
            let declared: ProtocolDSL.Variable
            switch v {
            case .global(let g): declared = program.globals[g]
            case .local(let kk, let l): declared = program.kinds[kk].locals[l]
            }
            guard case .int(let bits, false) = declared.type, bits >= 64 || offset + members - 1 < (1 << UInt64(bits)),
                  declared.initial.allSatisfy({ $0.lowerBound >= 0 && UInt64($0.upperBound) < offset }) else { return false }
        }
        var ok = true
        for (kk, kind) in program.kinds.enumerated() {
            for step in kind.steps {
                if let g = step.guardExpr { ok = ok && uses(g, kind: kk, program, idAllowed: false) }
                ok = ok && statementsAdmissible(step.body, kind: kk, program)
            }
        }
        for inv in program.invariants {
            for clause in inv.clauses { ok = ok && uses(clause.condition, kind: nil, program, idAllowed: false) }
        }
        return ok
    }

    private func statementsAdmissible(_ body: [TStmt], kind kk: Int, _ program: Program) -> Bool {
        for s in body {
            switch s {
            case .assign(let lv, let e):
                if let i = lv.index, !uses(i, kind: kk, program, idAllowed: false) { return false }
                if variables.contains(Self.variable(lv, kind: kk)) {
                    if kk == kind, Self.seedOffset(e) != nil { continue }
                    if case .const(let v, _) = e, v < offset { continue }
                    guard Self.idRead(e, kind: kk, program, variables) != nil, uses(e, kind: kk, program, idAllowed: true)
                    else { return false }
                } else if !uses(e, kind: kk, program, idAllowed: false) {
                    return false
                }
            case .ifElse(let c, let a, let b):
                guard uses(c, kind: kk, program, idAllowed: false), statementsAdmissible(a, kind: kk, program),
                      statementsAdmissible(b, kind: kk, program) else { return false }
            case .choose(let lv, _, _, _):
                if variables.contains(Self.variable(lv, kind: kk)) { return false }
                if let i = lv.index, !uses(i, kind: kk, program, idAllowed: false) { return false }
            case .assert(let e, _):
                if !uses(e, kind: kk, program, idAllowed: false) { return false }
            case .goto, .terminate, .release:
                break
            }
        }
        return true
    }

    /// Whether `e` reads ids only where allowed: as the whole of `e` when `idAllowed`, or as an
    /// operand of `==`/`!=` against another id or a constant below the offset.
    private func uses(_ e: TExpr, kind kk: Int?, _ program: Program, idAllowed: Bool) -> Bool {
        if let read = Self.idRead(e, kind: kk, program, variables) {
            return idAllowed && (read.index.map { uses($0, kind: kk, program, idAllowed: false) } ?? true)
        }
        switch e {
        case .binary(let op, let a, let b, _, _) where op == .eq || op == .ne:
            let ra = Self.idRead(a, kind: kk, program, variables), rb = Self.idRead(b, kind: kk, program, variables)
            if ra != nil || rb != nil {
                func side(_ x: TExpr, _ other: (variable: Variable, index: TExpr?)?) -> Bool {
                    if other != nil, case .const(let v, _) = x, v < offset { return true }
                    return uses(x, kind: kk, program, idAllowed: true) && Self.idRead(x, kind: kk, program, variables) != nil
                }
                return side(a, rb) && side(b, ra)
            }
            return uses(a, kind: kk, program, idAllowed: false) && uses(b, kind: kk, program, idAllowed: false)
        case .selfIndex:
            return false
        case .const, .global, .local, .pcIs:
            return true
        case .globalElement(_, let i, _), .localElement(_, _, let i, _), .unary(_, let i, _), .convert(let i, _):
            return uses(i, kind: kk, program, idAllowed: false)
        case .binary(_, let a, let b, _, _):
            return uses(a, kind: kk, program, idAllowed: false) && uses(b, kind: kk, program, idAllowed: false)
        case .ite(let c, let a, let b, _):
            return uses(c, kind: kk, program, idAllowed: false) && uses(a, kind: kk, program, idAllowed: false)
                && uses(b, kind: kk, program, idAllowed: false)
        }
    }

    /// `c` when `e` is `selfIndex + c` (a constant `c` >= 0, possibly converted).
    static func seedOffset(_ e: TExpr) -> UInt64? {
        switch e {
        case .convert(let inner, _): return seedOffset(inner)
        case .binary(.add, .selfIndex, .const(let c, _), _, _), .binary(.add, .const(let c, _), .selfIndex, _, _):
            return Int64(bitPattern: c) >= 0 ? c : nil
        default: return nil
        }
    }

    /// The id variable `e` reads (and the element index), when `e` is a read of one, possibly
    /// converted to a type that keeps every value (wider, or unsigned and as wide; the ids are
    /// unsigned), as C's integer promotion does for a comparison.
    static func idRead(_ e: TExpr, kind kk: Int?, _ program: Program, _ ids: Set<Variable>)
        -> (variable: Variable, index: TExpr?)? {
        switch e {
        case .convert(let inner, let t):
            guard case .int(let bits, let signed) = t,
                  bits > inner.type.bitWidth || (!signed && bits == inner.type.bitWidth) else { return nil }
            return idRead(inner, kind: kk, program, ids)
        case .global(let g, _): return ids.contains(.global(g)) ? (.global(g), nil) : nil
        case .globalElement(let g, let i, _): return ids.contains(.global(g)) ? (.global(g), i) : nil
        case .local(let l, let sel, _):
            guard let owner = ownerKind(sel, kk, program) else { return nil }
            return ids.contains(.local(kind: owner, variable: l)) ? (.local(kind: owner, variable: l), nil) : nil
        case .localElement(let l, let sel, let i, _):
            guard let owner = ownerKind(sel, kk, program) else { return nil }
            return ids.contains(.local(kind: owner, variable: l)) ? (.local(kind: owner, variable: l), i) : nil
        default: return nil
        }
    }

    private static func ownerKind(_ sel: InstanceSel, _ executing: Int?, _ program: Program) -> Int? {
        switch sel {
        case .current: return executing
        case .fixed(let f): return program.instances[f].kind
        }
    }

    static func variable(_ lv: LValue, kind kk: Int) -> Variable {
        lv.scope == .global ? .global(lv.variable) : .local(kind: kk, variable: lv.variable)
    }

    private static func forEachAssignment(_ body: [TStmt], _ visit: (LValue, TExpr) -> Void) {
        for s in body {
            switch s {
            case .assign(let lv, let e): visit(lv, e)
            case .ifElse(_, let a, let b):
                forEachAssignment(a, visit)
                forEachAssignment(b, visit)
            default: break
            }
        }
    }
}
