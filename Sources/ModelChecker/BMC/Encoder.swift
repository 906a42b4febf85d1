import ProtocolDSL
import SMT

/// Encodes states, steps and the bad-state condition of a program into Z3 terms.
///
/// A state is one bit-vector term per layout slot (Booleans as 1-bit vectors). A step from
/// state t picks one transition (a flat instance and a step index), which must be enabled;
/// each slot's next value is an `ite` over the transitions that write it, else it keeps its
/// value (the frame condition falls out per slot). BMC makes the choice one-hot: a Boolean
/// `pick` per transition, at least one true, each implying `act_t == j`, so at most one is
/// true. The SAT solver then decides on the picks directly; on notifier-invalidate this ran
/// 2.5-3x faster than deciding on the bits of `act_t` alone.
final class Encoder {
    let ctx: Z3Context
    let layout: StateLayout
    var program: Program { layout.program }
    /// Every (flat instance, step index) pair.
    let transitions: [(instance: Int, step: Int)]
    let actWidth: Int
    /// Which transition pairs commute (for the partial-order reduction of `orderIndependent`).
    let independence: Independence

    init(context: Z3Context, layout: StateLayout) {
        ctx = context
        self.layout = layout
        var ts: [(Int, Int)] = []
        for i in layout.program.instances.indices {
            for p in layout.program.steps(of: i).indices { ts.append((i, p)) }
        }
        transitions = ts
        actWidth = max(1, bitsFor(ts.count))
        independence = Independence(layout: layout, transitions: ts)
    }

    /// The number of context switches along steps `vars` (a step whose instance differs from the previous one's).
    func contextSwitches(_ vars: [StepVars]) -> BitVecTerm {
        let w = max(1, bitsFor(program.instances.count))
        let instanceOf: [BitVecTerm] = vars.map { v in
            var inst = lit(0, w)
            for (j, t) in transitions.enumerated().reversed() {
                inst = v.picks[j].ite(lit(UInt64(t.instance), w), inst)
            }
            return inst
        }
        var count = lit(0, 16)
        for t in instanceOf.indices.dropFirst() {
            count = count + (!instanceOf[t].eq(instanceOf[t - 1])).ite(lit(1, 16), lit(0, 16))
        }
        return count
    }

    /// Per earlier step t' and transition j: "act_t' is independent of j" and "... and of a higher instance".
    struct IndependenceTerms {
        let independentOf: [BoolTerm]
        let higherIndependentOf: [BoolTerm]
    }

    /// The independence terms of one step's transition variable.
    func independenceTerms(_ v: StepVars) -> IndependenceTerms {
        var ind: [BoolTerm] = [], higher: [BoolTerm] = []
        for j in transitions.indices {
            let all = transitions.indices.filter { independence.independent[$0][j] }
            ind.append(BoolTerm.or(all.map { v.picks[$0] }, in: ctx))
            let up = all.filter { transitions[$0].instance > transitions[j].instance }
            higher.append(BoolTerm.or(up.map { v.picks[$0] }, in: ctx))
        }
        return IndependenceTerms(independentOf: ind, higherIndependentOf: higher)
    }

    /// Partial-order reduction: only the lexicographically least execution of each class of
    /// executions equal up to swapping adjacent independent steps (instances ordered by index).
    ///
    /// An execution is least in its class iff it has no factor `b u a` with
    /// `instance(b) > instance(a)` and `a` independent of `b` and of every step in `u`
    /// (Anisimov and Knuth's normal form of traces). Reordering keeps an execution's length and
    /// final state, and a shortest violation's normal form has no bad state before its end (else
    /// a shorter violation existed), so shortest counterexamples and the full-depth test are
    /// preserved. A step that raised an error is exempt: it ends the execution and stays last.
    /// `earlier` holds the terms of steps 0..<t; `after` is the state after step t.
    func normalForm(_ cur: StepVars, earlier: [IndependenceTerms], after: [BitVecTerm], _ solver: Solver) {
        guard !earlier.isEmpty else { return }
        let ok = noError(after)
        for j in transitions.indices {
            guard independence.hasHigherIndependent[j] else { continue }
            var blocked: [BoolTerm] = []
            var chain = tru
            for terms in earlier.reversed() {
                blocked.append(chain && terms.higherIndependentOf[j])
                chain = chain && terms.independentOf[j]
            }
            let now = cur.picks[j]
            solver.assert((now && ok).implies(!BoolTerm.or(blocked, in: ctx)))
        }
    }

    func lit(_ v: UInt64, _ w: Int) -> BitVecTerm { BitVecTerm.literal(v, width: w, in: ctx) }
    var tru: BoolTerm { BoolTerm.literal(true, in: ctx) }
    var fls: BoolTerm { BoolTerm.literal(false, in: ctx) }

    // MARK: states

    /// The initial state; data-choice slots become variables constrained to their range (asserted on `solver`).
    func initialState(_ solver: Solver) -> [BitVecTerm] {
        var s: [BitVecTerm] = []
        for slot in 0..<layout.count {
            let w = layout.widths[slot]
            let r = layout.initialRange(ofSlot: slot)
            if r.lowerBound == r.upperBound {
                s.append(lit(UInt64(bitPattern: r.lowerBound), w))
            } else {
                let v = BitVecTerm.variable("init_\(slot)", width: w, in: ctx)
                let signed: Bool = { if case .int(_, true)? = layout.valueType(ofSlot: slot) { return true }; return false }()
                let lo = lit(UInt64(bitPattern: r.lowerBound), w), hi = lit(UInt64(bitPattern: r.upperBound), w)
                solver.assert(signed ? lo.sle(v) && v.sle(hi) : lo.ule(v) && v.ule(hi))
                s.append(v)
            }
        }
        return s
    }

    /// The data-choice variables of the initial state, by slot.
    func initialChoiceVariables(_ s0: [BitVecTerm]) -> [Int: BitVecTerm] {
        var r: [Int: BitVecTerm] = [:]
        for slot in 0..<layout.count {
            let range = layout.initialRange(ofSlot: slot)
            if range.lowerBound < range.upperBound { r[slot] = s0[slot] }
        }
        return r
    }

    // MARK: conditions

    func noError(_ s: [BitVecTerm]) -> BoolTerm { s[layout.errorSlot].eq(lit(0, 2)) }

    func isDone(_ s: [BitVecTerm], _ i: Int) -> BoolTerm {
        let n = program.steps(of: i).count
        return s[layout.pcSlot[i]].eq(lit(UInt64(n), layout.widths[layout.pcSlot[i]]))
    }

    func lockAvailable(_ s: [BitVecTerm], _ lock: Int, _ mode: LockMode) -> BoolTerm {
        BoolTerm.and(layout.lockSlot[lock].map { slot in
            mode == .exclusive ? s[slot].eq(lit(0, 2)) : !s[slot].eq(lit(2, 2))
        }, in: ctx)
    }

    /// Whether transition `j` is enabled in `s`.
    func enabled(_ s: [BitVecTerm], _ j: Int) -> BoolTerm {
        let (i, p) = transitions[j]
        let step = program.steps(of: i)[p]
        var parts = [s[layout.pcSlot[i]].eq(lit(UInt64(p), layout.widths[layout.pcSlot[i]])), noError(s)]
        if let g = step.guardExpr {
            var oob = fls
            parts.append(eval(g, s, i, &oob).asBool)
        }
        if let a = step.acquire { parts.append(lockAvailable(s, a.lock, a.mode)) }
        return BoolTerm.and(parts, in: ctx)
    }

    /// All invariants hold in `s`.
    func invariantsHold(_ s: [BitVecTerm]) -> BoolTerm {
        var parts: [BoolTerm] = []
        for inv in program.invariants {
            for c in inv.clauses {
                var oob = fls
                parts.append(eval(c.condition, s, nil, &oob).asBool)
            }
        }
        return BoolTerm.and(parts, in: ctx)
    }

    /// A state that breaks the properties: an error, a false invariant, or a deadlock.
    func bad(_ s: [BitVecTerm], enabled en: [BoolTerm]) -> BoolTerm {
        let allDone = BoolTerm.and(program.instances.indices.map { isDone(s, $0) }, in: ctx)
        let deadlock = layout.program.deadlockIsViolation ? noError(s) && !allDone && !BoolTerm.or(en, in: ctx)
            : BoolTerm.literal(false, in: ctx)
        return !noError(s) || !invariantsHold(s) || deadlock
    }

    // MARK: transitions

    /// The variables of step t: the transition choice and the choose values, per kind and site.
    struct StepVars {
        let act: BitVecTerm
        let choices: [[BitVecTerm]]
        /// One Boolean per transition, true for the one taken (one-hot twin of `act`).
        let picks: [BoolTerm]
    }

    /// Encodes one step from `s`; asserts its constraints on `solver` and returns the next state.
    ///
    /// With `oneHot`, the transition choice gets its own Boolean per transition (fresh
    /// constants `pick_t_j`); without, the picks are the terms `act_t == j`, so `act_t` and the
    /// choose values are the step's only fresh constants (what a relational encoding needs).
    /// With `movers`, only the steps of those instances are encoded (the others cannot be taken).
    func step(from s: [BitVecTerm], enabled en: [BoolTerm], t: Int, _ solver: Solver,
              oneHot: Bool = false, movers: Set<Int>? = nil) -> ([BitVecTerm], StepVars) {
        let act = BitVecTerm.variable("act_\(t)", width: actWidth, in: ctx)
        var choices: [[BitVecTerm]] = []
        for (k, kind) in program.kinds.enumerated() {
            var sites: [BitVecTerm] = []
            for (c, r) in kind.chooseRanges.enumerated() {
                let v = BitVecTerm.variable("choose_\(t)_\(k)_\(c)", width: 64, in: ctx)
                solver.assert(lit(UInt64(bitPattern: r.lowerBound), 64).sle(v) && v.sle(lit(UInt64(bitPattern: r.upperBound), 64)))
                sites.append(v)
            }
            choices.append(sites)
        }
        if transitions.count < (1 << actWidth) {
            solver.assert(act.ult(lit(UInt64(transitions.count), actWidth)))
        }
        var picks: [BoolTerm] = []
        for j in transitions.indices {
            let isJ = act.eq(lit(UInt64(j), actWidth))
            if oneHot {
                let p = BoolTerm.variable("pick_\(t)_\(j)", in: ctx)
                solver.assert(p.implies(isJ))
                picks.append(p)
            } else {
                picks.append(isJ)
            }
        }
        let taken = transitions.indices.filter { movers?.contains(transitions[$0].instance) ?? true }
        if oneHot || movers != nil { solver.assert(BoolTerm.or(taken.map { picks[$0] }, in: ctx)) }
        var writes: [[(BoolTerm, BitVecTerm)]] = Array(repeating: [], count: layout.count)
        for j in taken {
            let chosen = picks[j]
            solver.assert(chosen.implies(en[j]))
            let (i, p) = transitions[j]
            var ex = SymExec(env: s, jumped: fls, next: lit(UInt64(program.steps(of: i)[p].fallthroughStep),
                                                               layout.widths[layout.pcSlot[i]]),
                             err: lit(0, 2), written: [])
            let step = program.steps(of: i)[p]
            if let a = step.acquire {
                ex.set(layout.lockSlot[a.lock][i], lit(a.mode == .exclusive ? 2 : 1, 2))
            }
            exec(step.body, i, tru, choices[program.instances[i].kind], &ex)
            ex.set(layout.pcSlot[i], ex.next)
            ex.set(layout.errorSlot, ex.err)
            for slot in ex.written.sorted() { writes[slot].append((chosen, ex.env[slot])) }
        }
        var next: [BitVecTerm] = []
        for slot in 0..<layout.count {
            var v = s[slot]
            for (cond, value) in writes[slot].reversed() { v = cond.ite(value, v) }
            next.append(v)
        }
        return (next, StepVars(act: act, choices: choices, picks: picks))
    }

    struct SymExec {
        var env: [BitVecTerm]
        var jumped: BoolTerm
        var next: BitVecTerm
        var err: BitVecTerm
        var written: Set<Int>

        mutating func set(_ slot: Int, _ v: BitVecTerm) {
            env[slot] = v
            written.insert(slot)
        }
    }

    func exec(_ body: [TStmt], _ i: Int, _ cond: BoolTerm, _ choices: [BitVecTerm], _ ex: inout SymExec) {
        for st in body {
            let live = cond && !ex.jumped && ex.err.eq(lit(0, 2))
            switch st {
            case .assign(let lv, let e):
                var oob = fls
                let v = eval(e, ex.env, i, &oob).asBV
                raise(.outOfBounds, live && oob, &ex)
                store(lv, v, i, live && !oob, &ex)
            case .ifElse(let c, let a, let b):
                var oob = fls
                let bc = eval(c, ex.env, i, &oob).asBool
                raise(.outOfBounds, live && oob, &ex)
                exec(a, i, cond && bc && !oob, choices, &ex)
                exec(b, i, cond && !bc && !oob, choices, &ex)
            case .goto(let target):
                ex.next = live.ite(lit(UInt64(target), ex.next.width), ex.next)
                ex.jumped = ex.jumped || live
            case .terminate:
                let done = UInt64(program.steps(of: i).count)
                ex.next = live.ite(lit(done, ex.next.width), ex.next)
                ex.jumped = ex.jumped || live
            case .release(let l):
                let slot = layout.lockSlot[l][i]
                let held = !ex.env[slot].eq(lit(0, 2))
                raise(.lockMisuse, live && !held, &ex)
                ex.set(slot, (live && held).ite(lit(0, 2), ex.env[slot]))
            case .choose(let lv, _, _, let site):
                let v = choices[site].resized(to: lv.type.bitWidth, signed: true)
                store(lv, v, i, live, &ex)
            case .assert(let c, _):
                var oob = fls
                let b = eval(c, ex.env, i, &oob).asBool
                raise(.assertion, live && (oob || !b), &ex)
            }
        }
    }

    func raise(_ code: ErrorCode, _ when: BoolTerm, _ ex: inout SymExec) {
        ex.err = when.ite(lit(code.rawValue, 2), ex.err)
    }

    func store(_ lv: LValue, _ v: BitVecTerm, _ i: Int, _ when: BoolTerm, _ ex: inout SymExec) {
        let base: Int, count: Int
        switch lv.scope {
        case .global:
            base = layout.globalBase[lv.variable]
            count = program.globals[lv.variable].slots
        case .local:
            base = layout.localBase[i][lv.variable]
            count = program.kinds[program.instances[i].kind].locals[lv.variable].slots
        }
        guard let ie = lv.index else {
            ex.set(base, when.ite(v, ex.env[base]))
            return
        }
        var oob = fls
        let idx = index64(eval(ie, ex.env, i, &oob).asBV, ie.type)
        let outside = oob || !idx.ult(lit(UInt64(count), 64))
        raise(.outOfBounds, when && outside, &ex)
        for k in 0..<count {
            ex.set(base + k, (when && idx.eq(lit(UInt64(k), 64))).ite(v, ex.env[base + k]))
        }
    }

    func index64(_ v: BitVecTerm, _ t: ValueType) -> BitVecTerm {
        if case .int(_, true) = t { return v.resized(to: 64, signed: true) }
        return v.resized(to: 64, signed: false)
    }

    // MARK: expressions

    func slotValue(_ slot: Int, _ s: [BitVecTerm], _ t: ValueType) -> Sym {
        t == .bool ? .bool(s[slot].eq(lit(1, 1))) : .bv(s[slot])
    }

    func element(_ base: Int, _ count: Int, _ ie: TExpr, _ t: ValueType, _ s: [BitVecTerm], _ i: Int?,
                 _ oob: inout BoolTerm) -> Sym {
        let idx = index64(eval(ie, s, i, &oob).asBV, ie.type)
        oob = oob || !idx.ult(lit(UInt64(count), 64))
        var v = s[base]
        for k in 1..<max(count, 1) {
            v = idx.eq(lit(UInt64(k), 64)).ite(s[base + k], v)
        }
        return t == .bool ? .bool(v.eq(lit(1, 1))) : .bv(v)
    }

    /// The symbolic value of `e` in `s`, for executing instance `i`; out-of-bounds reads are or-ed into `oob`.
    func eval(_ e: TExpr, _ s: [BitVecTerm], _ i: Int?, _ oob: inout BoolTerm) -> Sym {
        switch e {
        case .const(let v, let t):
            return t == .bool ? .bool(BoolTerm.literal(v != 0, in: ctx)) : .bv(lit(v, t.bitWidth))
        case .global(let g, let t):
            return slotValue(layout.globalBase[g], s, t)
        case .globalElement(let g, let ie, let t):
            return element(layout.globalBase[g], program.globals[g].slots, ie, t, s, i, &oob)
        case .local(let l, let sel, let t):
            return slotValue(layout.localBase[sel.resolved(executing: i)][l], s, t)
        case .localElement(let l, let sel, let ie, let t):
            let inst = sel.resolved(executing: i)
            return element(layout.localBase[inst][l], program.kinds[program.instances[inst].kind].locals[l].slots,
                           ie, t, s, i, &oob)
        case .pcIs(let inst, let step):
            let slot = layout.pcSlot[inst]
            return .bool(s[slot].eq(lit(UInt64(step), layout.widths[slot])))
        case .selfIndex:
            return .bv(lit(UInt64(program.instances[i ?? 0].index), 32))
        case .unary(let op, let a, _):
            let v = eval(a, s, i, &oob)
            switch op {
            case .not: return .bool(!v.asBool)
            case .complement: return .bv(~v.asBV)
            case .negate: return .bv(lit(0, v.asBV.width) - v.asBV)
            }
        case .binary(let op, let a, let b, let ot, _):
            if op.isLogical {
                // C short-circuits: an out-of-bounds read in the right operand counts only when it is evaluated.
                let x = eval(a, s, i, &oob).asBool
                var rightOOB = fls
                let y = eval(b, s, i, &rightOOB).asBool
                oob = oob || ((op == .or ? !x : x) && rightOOB)
                switch op {
                case .and: return .bool(x && y)
                case .or: return .bool(x || y)
                default: return .bool(x.implies(y))
                }
            }
            let x = eval(a, s, i, &oob), y = eval(b, s, i, &oob)
            if ot == .bool {
                let eq = x.asBool.iff(y.asBool)
                return .bool(op == .eq ? eq : !eq)
            }
            let signed: Bool = { if case .int(_, true) = ot { return true }; return false }()
            let p = x.asBV, q = y.asBV
            switch op {
            case .add: return .bv(p + q)
            case .sub: return .bv(p - q)
            case .mul: return .bv(p * q)
            case .bitAnd: return .bv(p & q)
            case .bitOr: return .bv(p | q)
            case .bitXor: return .bv(p ^ q)
            case .shl: return .bv(p.shl(q))
            case .shr: return .bv(signed ? p.ashr(q) : p.lshr(q))
            case .eq: return .bool(p.eq(q))
            case .ne: return .bool(!p.eq(q))
            case .lt: return .bool(signed ? p.slt(q) : p.ult(q))
            case .le: return .bool(signed ? p.sle(q) : p.ule(q))
            case .gt: return .bool(signed ? q.slt(p) : q.ult(p))
            case .ge: return .bool(signed ? q.sle(p) : q.ule(p))
            case .and, .or, .implies: return .bool(fls)
            }
        case .convert(let a, let t):
            let signed: Bool = { if case .int(_, true) = a.type { return true }; return false }()
            return .bv(eval(a, s, i, &oob).asBV.resized(to: t.bitWidth, signed: signed))
        case .ite(let c, let a, let b, let t):
            let cb = eval(c, s, i, &oob).asBool
            var oobA = fls, oobB = fls
            let x = eval(a, s, i, &oobA), y = eval(b, s, i, &oobB)
            oob = oob || cb.ite(oobA, oobB)
            return t == .bool ? .bool(cb.ite(x.asBool, y.asBool)) : .bv(cb.ite(x.asBV, y.asBV))
        }
    }
}
