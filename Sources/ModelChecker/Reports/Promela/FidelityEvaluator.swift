import ProtocolDSL

/// Evaluates the model's expressions over `ValueBounds` with the DSL's C semantics and notes
/// every place where the Promela text the exporter writes would compute something else:
/// a value outside Promela's 32-bit `int`, a wrap-around of the DSL's width, a shift by 32 or
/// more, `~` of an unsigned value, or a narrowing to a signed type that changes the value.
///
/// Variables in `ranked` are written as the rank of their value instead (see `RankEncoding`):
/// they may only be copied and compared, and their reads elsewhere are issues.
struct FidelityEvaluator {
    let program: Program
    /// Variables encoded by rank.
    var ranked: Set<ProgramVariable> = []
    /// Whether to note issues (off while the values are still being computed).
    var recording = false
    /// The first issue noted.
    private(set) var issue: FidelityIssue?
    /// The executing flat instance (nil in invariants).
    var instance: Int?
    /// Whether the code runs for any instance of the executing one's kind (the static analysis):
    /// then `selfIndex` is any index of the kind.
    var anyInstance = false
    /// Where the evaluated code is, for messages: "step fault.map".
    var place = ""

    init(program: Program) { self.program = program }

    mutating func note(_ subject: String, _ reason: String) {
        if recording && issue == nil { issue = FidelityIssue(subject: subject, reason: "\(reason) (\(place))") }
    }

    /// The flat instance whose local `sel` reads.
    func instance(_ sel: InstanceSel) -> Int { sel.resolved(executing: instance) }

    /// The variable a read or an lvalue denotes.
    func variable(local l: Int, _ sel: InstanceSel) -> ProgramVariable {
        .local(kind: program.instances[instance(sel)].kind, l)
    }

    func name(_ v: ProgramVariable) -> String { v.name(in: program) }

    // MARK: copies and comparisons (what a ranked variable may take part in)

    /// The constants and variables whose values `e` is a copy of, or nil when `e` computes.
    func leaves(_ e: TExpr) -> (variables: [ProgramVariable], constants: [Int128])? {
        switch e {
        case .const(let bits, let t): return ([], [ValueBounds.value(bits: bits, t)])
        case .global(let g, _), .globalElement(let g, _, _): return ([.global(g)], [])
        case .local(let l, let sel, _), .localElement(let l, let sel, _, _): return ([variable(local: l, sel)], [])
        case .convert(let a, _): return leaves(a)
        case .ite(_, let a, let b, _):
            guard let x = leaves(a), let y = leaves(b) else { return nil }
            return (x.variables + y.variables, x.constants + y.constants)
        default: return nil
        }
    }

    /// Whether `e` copies a ranked variable.
    func copiesRanked(_ e: TExpr) -> Bool { leaves(e)?.variables.contains(where: ranked.contains) ?? false }

    /// The values of a copy expression whose variables are ranked: no 32-bit check on the
    /// copied values (ranks are small), but conversions must keep every value.
    mutating func copyValues<S: ValueStore>(_ e: TExpr, _ store: inout S) -> ValueBounds {
        switch e {
        case .const(let bits, let t): return ValueBounds(ValueBounds.value(bits: bits, t))
        case .global(let g, _): return store.read(.global(g), instance: 0, element: nil)
        case .globalElement(let g, let ie, _):
            return store.read(.global(g), instance: 0, element: eval(ie, &store))
        case .local(let l, let sel, _):
            return store.read(variable(local: l, sel), instance: instance(sel), element: nil)
        case .localElement(let l, let sel, let ie, _):
            return store.read(variable(local: l, sel), instance: instance(sel), element: eval(ie, &store))
        case .convert(let a, let t):
            let v = copyValues(a, &store)
            if !v.within(ValueBounds.range(of: t)) {
                note(leaves(a)?.variables.first.map(name) ?? "a value",
                     "holds values beyond 32 bits that the conversion to \(t) changes")
            }
            return v.wrapped(to: t)
        case .ite(let c, let a, let b, _):
            let cv = eval(c, &store)
            if cv.isOnly(1) { return copyValues(a, &store) }
            if cv.isOnly(0) { return copyValues(b, &store) }
            return copyValues(a, &store).joined(copyValues(b, &store))
        default:
            return eval(e, &store)
        }
    }

    // MARK: expressions

    /// The values of `e`, noting the issues of its Promela text.
    mutating func eval<S: ValueStore>(_ e: TExpr, _ store: inout S) -> ValueBounds {
        switch e {
        case .const(let bits, let t):
            let v = ValueBounds(ValueBounds.value(bits: bits, t))
            if !v.within(ValueBounds.int32) { note("the constant \(v.lo)", "does not fit Promela's 32-bit int") }
            return v
        case .global(let g, _):
            return checkedRead(.global(g), 0, nil, store)
        case .globalElement(let g, let ie, _):
            let i = eval(ie, &store)
            return checkedRead(.global(g), 0, i, store)
        case .local(let l, let sel, _):
            return checkedRead(variable(local: l, sel), instance(sel), nil, store)
        case .localElement(let l, let sel, let ie, _):
            let i = eval(ie, &store)
            return checkedRead(variable(local: l, sel), instance(sel), i, store)
        case .pcIs(let inst, let step):
            return store.pcIs(inst, step)
        case .selfIndex:
            let inst = program.instances[instance ?? 0]
            if anyInstance { return ValueBounds(range: 0...Int128(program.kinds[inst.kind].instances - 1)) }
            return ValueBounds(Int128(inst.index))
        case .unary(let op, let a, let t):
            let v = eval(a, &store)
            switch op {
            case .not: return v.map({ $0 == 0 ? 1 : 0 }, interval: { _, _ in 0...1 })
            case .negate: return arithmetic(v.map({ -$0 }, interval: { lo, hi in -hi...(-lo) }), t, "-")
            case .complement:
                if case .int(_, false) = t {
                    note(subject(a), "is complemented (~) as an unsigned \(t), which Promela's int does not do")
                }
                return arithmetic(v.map({ -$0 - 1 }, interval: { lo, hi in (-hi - 1)...(-lo - 1) }), t, "~")
            }
        case .binary(let op, let a, let b, let ot, let rt):
            return binary(op, a, b, ot, rt, &store)
        case .convert(let a, let t):
            let v = eval(a, &store)
            if v.within(ValueBounds.range(of: t)) { return v }
            // The exporter writes out every conversion to a type below 32 bits as C's (the low
            // bits, then the sign for a signed type): `PromelaExporter.converted`.
            if case .int(let w, _) = t, w < 32 { return v.wrapped(to: t) }
            note(subject(a), "takes values \(v.text) that the conversion to \(t) changes, and Promela keeps them")
            return v.wrapped(to: t)
        case .ite(let c, let a, let b, _):
            let cv = eval(c, &store)
            if cv.isOnly(1) { return eval(a, &store) }
            if cv.isOnly(0) { return eval(b, &store) }
            return eval(a, &store).joined(eval(b, &store))
        }
    }

    /// A read outside a copy or comparison: a ranked variable may not be read here, and any
    /// other must fit Promela's int.
    mutating func checkedRead<S: ValueStore>(_ v: ProgramVariable, _ inst: Int, _ element: ValueBounds?,
                                             _ store: S) -> ValueBounds {
        let values = store.read(v, instance: inst, element: element)
        if ranked.contains(v) {
            note(name(v), "holds values beyond 32 bits (\(values.text)) and is computed with, not only copied or compared")
        } else if !values.within(ValueBounds.int32) {
            note(name(v), "holds values beyond Promela's 32-bit int (\(values.text))")
        }
        return values
    }

    /// The first variable `e` reads, for messages.
    func subject(_ e: TExpr) -> String {
        switch e {
        case .global(let g, _), .globalElement(let g, _, _): return program.globals[g].name
        case .local(let l, let sel, _), .localElement(let l, let sel, _, _): return name(variable(local: l, sel))
        case .unary(_, let a, _), .convert(let a, _): return subject(a)
        case .binary(_, let a, let b, _, _):
            let s = subject(a)
            return s == "an expression" ? subject(b) : s
        case .ite(_, let a, let b, _):
            let s = subject(a)
            return s == "an expression" ? subject(b) : s
        default: return "an expression"
        }
    }

    /// An arithmetic result: the DSL wraps at the type's width, Promela at 32 bits; both agree
    /// only when neither wraps.
    mutating func arithmetic(_ exact: ValueBounds, _ t: ValueType, _ op: String) -> ValueBounds {
        if !exact.within(ValueBounds.range(of: t)) {
            note("a value", "of '\(op)' (\(exact.text)) wraps around in \(t), and Promela's int does not wrap there")
        } else if !exact.within(ValueBounds.int32) {
            note("a value", "of '\(op)' (\(exact.text)) does not fit Promela's 32-bit int")
        }
        return exact.wrapped(to: t)
    }

    mutating func binary<S: ValueStore>(_ op: BinaryOp, _ a: TExpr, _ b: TExpr, _ ot: ValueType, _ rt: ValueType,
                                        _ store: inout S) -> ValueBounds {
        if op.isLogical {
            let x = eval(a, &store)
            // Both languages evaluate the right operand only when the left does not decide.
            if (op == .and || op == .implies) && x.isOnly(0) { return ValueBounds(op == .implies ? 1 : 0) }
            if op == .or && x.isOnly(1) { return ValueBounds(1) }
            let y = eval(b, &store)
            switch op {
            case .and: return x.combine(y, { $0 != 0 && $1 != 0 ? 1 : 0 }, interval: { _, _ in 0...1 })
            case .or: return x.combine(y, { $0 != 0 || $1 != 0 ? 1 : 0 }, interval: { _, _ in 0...1 })
            default: return x.combine(y, { $0 == 0 || $1 != 0 ? 1 : 0 }, interval: { _, _ in 0...1 })
            }
        }
        if op.isComparison {
            let x: ValueBounds, y: ValueBounds
            if copiesRanked(a) || copiesRanked(b) {
                // Ranks compare like the values, when both sides are copies.
                guard leaves(a) != nil, leaves(b) != nil else {
                    note(name((leaves(a) ?? leaves(b))!.variables.first(where: ranked.contains)!),
                         "holds values beyond 32 bits and is compared with a computed value")
                    return .boolean
                }
                x = copyValues(a, &store)
                y = copyValues(b, &store)
            } else {
                x = eval(a, &store)
                y = eval(b, &store)
            }
            let compare: (Int128, Int128) -> Bool
            switch op {
            case .eq: compare = (==)
            case .ne: compare = (!=)
            case .lt: compare = (<)
            case .le: compare = (<=)
            case .gt: compare = (>)
            default: compare = (>=)
            }
            return x.combine(y, { compare($0, $1) ? 1 : 0 }, interval: { _, _ in 0...1 })
        }
        let x = eval(a, &store), y = eval(b, &store)
        switch op {
        case .add:
            return arithmetic(x.combine(y, +, interval: { $0.lo + $1.lo...$0.hi + $1.hi }), rt, "+")
        case .sub:
            return arithmetic(x.combine(y, -, interval: { $0.lo - $1.hi...$0.hi - $1.lo }), rt, "-")
        case .mul:
            guard x.magnitudeBits + y.magnitudeBits < 120 else {
                note(subject(a), "is multiplied beyond any width Promela has")
                return ValueBounds(type: rt)
            }
            return arithmetic(x.combine(y, *, interval: { p, q in
                let c = [p.lo * q.lo, p.lo * q.hi, p.hi * q.lo, p.hi * q.hi]
                return c.min()!...c.max()!
            }), rt, "*")
        case .bitAnd, .bitOr, .bitXor:
            // On values that fit 32 bits, two's complement bitwise operations agree in both.
            let f: (Int128, Int128) -> Int128 = op == .bitAnd ? (&) : op == .bitOr ? (|) : (^)
            let bits = max(x.magnitudeBits, y.magnitudeBits)
            return x.combine(y, f, interval: { p, q in
                if op == .bitAnd && p.lo >= 0 && q.lo >= 0 { return 0...min(p.hi, q.hi) }
                if p.lo >= 0 && q.lo >= 0 { return 0...((Int128(1) << bits) - 1) }
                return -(Int128(1) << bits)...((Int128(1) << bits) - 1)
            }).wrapped(to: rt)
        case .shl, .shr:
            // Shifts by the width or more are the DSL's 0 (or sign) and undefined in C: refuse them.
            let limit = Int128(min(ot.bitWidth, 32) - 1)
            if y.lo < 0 || y.hi > limit {
                note(subject(a), "is shifted by \(y.text), outside 0...\(limit) where Promela shifts like the DSL")
                return ValueBounds(type: rt)
            }
            if op == .shr {
                return x.combine(y, { $0 >> $1 }, interval: { p, q in
                    min(p.lo >> q.lo, p.lo >> q.hi)...max(p.hi >> q.lo, p.hi >> q.hi)
                })
            }
            guard x.magnitudeBits + Int(y.hi) < 120 else {
                note(subject(a), "is shifted beyond any width Promela has")
                return ValueBounds(type: rt)
            }
            return arithmetic(x.combine(y, { $0 << $1 }, interval: { p, q in
                min(p.lo << q.lo, p.lo << q.hi)...max(p.hi << q.lo, p.hi << q.hi)
            }), rt, "<<")
        default:
            return ValueBounds(type: rt)
        }
    }

    // MARK: statements

    /// Runs a step's body on `store`, noting issues; true when it surely jumped (`Goto`,
    /// `Terminate`), which ends the step's body in both languages.
    @discardableResult
    mutating func exec<S: ValueStore>(_ body: [TStmt], _ store: inout S) -> Bool {
        for st in body {
            switch st {
            case .assign(let lv, let e):
                let (target, inst) = lvalue(lv)
                let element = lv.index.map { eval($0, &store) }
                let v: ValueBounds
                if ranked.contains(target) {
                    if leaves(e) == nil {
                        v = eval(e, &store)
                        note(name(target), "holds values beyond 32 bits and is assigned a computed value")
                    } else {
                        v = copyValues(e, &store)
                    }
                } else {
                    v = eval(e, &store)
                }
                store.write(target, instance: inst, element: element, v)
            case .ifElse(let c, let a, let b):
                let cv = eval(c, &store)
                let jumped: Bool
                if cv.isOnly(1) {
                    jumped = exec(a, &store)
                } else if cv.isOnly(0) {
                    jumped = exec(b, &store)
                } else {
                    var other = store
                    let left = exec(a, &store), right = exec(b, &other)
                    jumped = left && right
                    store = store.joined(other)
                }
                if jumped { return true }
            case .choose(let lv, let lo, let hi, _):
                let (target, inst) = lvalue(lv)
                let element = lv.index.map { eval($0, &store) }
                let v = ValueBounds.chosen(lo, hi, lv.type)
                if !ranked.contains(target) && !v.within(ValueBounds.int32) {
                    note(name(target), "has a data choice \(v.text) beyond Promela's 32-bit int")
                }
                store.write(target, instance: inst, element: element, v)
            case .assert(let c, _):
                _ = eval(c, &store)
            case .goto, .terminate:
                return true
            case .release:
                break
            }
        }
        return false
    }

    /// The variable an lvalue writes, and the instance whose it is.
    func lvalue(_ lv: LValue) -> (ProgramVariable, Int) {
        switch lv.scope {
        case .global: return (.global(lv.variable), 0)
        case .local: return (variable(local: lv.variable, .current), instance ?? 0)
        }
    }

    /// Evaluates step `s` of the executing instance: its guard, then (when `runBody`) its body.
    mutating func step<S: ValueStore>(_ s: StepIR, _ store: inout S, runBody: Bool = true) {
        place = "step \(s.label)"
        if let g = s.guardExpr { _ = eval(g, &store) }
        if runBody { exec(s.body, &store) }
    }

    /// Evaluates every invariant clause.
    mutating func invariants<S: ValueStore>(_ store: inout S) {
        let saved = instance
        instance = nil
        for inv in program.invariants {
            place = "invariant \(inv.name)"
            for c in inv.clauses { _ = eval(c.condition, &store) }
        }
        instance = saved
    }
}
