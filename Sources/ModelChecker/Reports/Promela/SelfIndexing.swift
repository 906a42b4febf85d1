import ProtocolDSL

/// Finds an array indexed by an expression that reads the same array (`arr[arr[i] & 1]`).
///
/// Every local is a Promela array indexed by instance, so this covers local arrays too. SPIN
/// rejects such an index in many places ("do not index an array with itself": seeds 330, 630,
/// 732 of the differential campaign), and where it takes one the verdict can be wrong: pan's
/// depth-first search undoes `arr[arr[i] & 1] = v` by evaluating the index again after the
/// write (pan.b), so it restores the wrong element and explores corrupted states (seed 273:
/// SPIN found no violation of an invariant three steps break; seed 1551: SPIN reported a
/// violation of a protocol that holds; pan -DBFS, which copies states, agreed with us).
/// So the export refuses it.
struct SelfIndexing {
    let program: Program

    /// The refusal for the first such array, or nil when there is none.
    func refusal() -> ExportRefusal? {
        guard let v = offender() else { return nil }
        let name = v.name(in: program)
        return ExportRefusal("cannot export to Promela: an index into \(name) reads \(name) itself, "
                             + "which SPIN does not handle")
    }

    /// The first array whose index reads it, in guards, bodies and invariants.
    func offender() -> ProgramVariable? {
        for (k, kind) in program.kinds.enumerated() {
            for step in kind.steps {
                if let g = step.guardExpr, let v = offender(g, k) { return v }
                if let v = offender(step.body, k) { return v }
            }
        }
        for inv in program.invariants {
            for c in inv.clauses { if let v = offender(c.condition, nil) { return v } }
        }
        return nil
    }

    func offender(_ body: [TStmt], _ k: Int) -> ProgramVariable? {
        for st in body {
            switch st {
            case .assign(let lv, let e):
                if let v = offender(lv, k) ?? offender(e, k) { return v }
            case .choose(let lv, _, _, _):
                if let v = offender(lv, k) { return v }
            case .ifElse(let c, let a, let b):
                if let v = offender(c, k) ?? offender(a, k) ?? offender(b, k) { return v }
            case .assert(let c, _):
                if let v = offender(c, k) { return v }
            case .goto, .terminate, .release: break
            }
        }
        return nil
    }

    func offender(_ lv: LValue, _ k: Int) -> ProgramVariable? {
        guard let i = lv.index else { return nil }
        let target: ProgramVariable = lv.scope == .global ? .global(lv.variable) : .local(kind: k, lv.variable)
        if reads(i, target, k) { return target }
        return offender(i, k)
    }

    /// The variable an element read or local read of `e` names (kind `k` executing, nil in invariants).
    func variable(_ e: TExpr, _ k: Int?) -> ProgramVariable? {
        switch e {
        case .global(let g, _), .globalElement(let g, _, _): return .global(g)
        case .local(let l, let sel, _), .localElement(let l, let sel, _, _):
            switch sel {
            case .current: return k.map { .local(kind: $0, l) }
            case .fixed(let f): return .local(kind: program.instances[f].kind, l)
            }
        default: return nil
        }
    }

    func offender(_ e: TExpr, _ k: Int?) -> ProgramVariable? {
        switch e {
        case .globalElement(_, let i, _), .localElement(_, _, let i, _):
            if let v = variable(e, k), reads(i, v, k) { return v }
            return offender(i, k)
        case .unary(_, let a, _), .convert(let a, _): return offender(a, k)
        case .binary(_, let a, let b, _, _): return offender(a, k) ?? offender(b, k)
        case .ite(let c, let a, let b, _): return offender(c, k) ?? offender(a, k) ?? offender(b, k)
        default: return nil
        }
    }

    /// Whether `e` reads `v`.
    func reads(_ e: TExpr, _ v: ProgramVariable, _ k: Int?) -> Bool {
        if let w = variable(e, k), w == v { return true }
        switch e {
        case .globalElement(_, let i, _), .localElement(_, _, let i, _): return reads(i, v, k)
        case .unary(_, let a, _), .convert(let a, _): return reads(a, v, k)
        case .binary(_, let a, let b, _, _): return reads(a, v, k) || reads(b, v, k)
        case .ite(let c, let a, let b, _): return reads(c, v, k) || reads(a, v, k) || reads(b, v, k)
        default: return false
        }
    }
}
