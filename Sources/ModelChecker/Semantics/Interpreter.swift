import ProtocolDSL

/// The concrete semantics of the IR: the reference both engines and every trace replay use.
///
/// A state is one `UInt64` per slot of `StateLayout`. Integer arithmetic wraps at the type's
/// width; shifts by the width or more give 0 (or the sign, for `>>` of a signed value), as in
/// SMT-LIB (C leaves them undefined).
public struct Interpreter: Sendable {
    /// The layout of states.
    public let layout: StateLayout
    var program: Program { layout.program }

    /// Creates an interpreter for a laid-out program.
    public init(layout: StateLayout) { self.layout = layout }

    /// The outcome of executing one step.
    public struct Outcome: Sendable {
        /// The state after the step.
        public var state: [UInt64]
        /// The values chosen by its `choose` statements, by site.
        public var choices: [Int: Int64]
        /// What went wrong, if the step raised an error.
        public var error: (code: ErrorCode, message: String)?
        /// With `recordingReads`: the values the step's guard and the conditions of the
        /// branches it reached read, as (slot, value) in the order read, each slot once.
        public var reads: [(slot: Int, value: UInt64)] = []
    }

    // MARK: initial states

    /// The slots whose initial value is a data choice.
    public var choiceSlots: [Int] {
        (0..<layout.count).filter { let r = layout.initialRange(ofSlot: $0); return r.lowerBound < r.upperBound }
    }

    /// The initial state with the given data choices (slot -> value); other slots take their declared value.
    public func initialState(choices: [Int: Int64] = [:]) -> [UInt64] {
        var s = [UInt64](repeating: 0, count: layout.count)
        for slot in 0..<layout.count {
            let r = layout.initialRange(ofSlot: slot)
            let v = choices[slot] ?? r.lowerBound
            s[slot] = normalize(UInt64(bitPattern: v), slot)
        }
        return s
    }

    /// The data choices (slot -> value, sign-extended for signed types) that `initialState`
    /// turns into `s`.
    public func initialChoices(of s: [UInt64]) -> [Int: Int64] {
        var choices: [Int: Int64] = [:]
        for slot in choiceSlots {
            if case .int(let w, true)? = layout.valueType(ofSlot: slot) {
                choices[slot] = signExtend(s[slot], from: w)
            } else {
                choices[slot] = Int64(bitPattern: s[slot])
            }
        }
        return choices
    }

    /// Every initial state (the product of all data choices), in a fixed order. Count them
    /// first (`initialStateCount`, `enumerationObstacle`): the product can be astronomically large.
    public func initialStates() -> [[UInt64]] {
        precondition(initialStateCount != nil, "initialStates: more initial states than an Int counts")
        var result: [[Int: Int64]] = [[:]]
        for slot in choiceSlots {
            let r = layout.initialRange(ofSlot: slot)
            result = result.flatMap { c in r.map { v in c.merging([slot: v]) { $1 } } }
        }
        return result.map { initialState(choices: $0) }
    }

    func normalize(_ bits: UInt64, _ slot: Int) -> UInt64 {
        let w = layout.widths[slot]
        return w >= 64 ? bits : bits & ((1 << UInt64(w)) - 1)
    }

    // MARK: enabledness

    /// The step index flat instance `i` is at (`steps.count` when terminated).
    public func pc(_ s: [UInt64], _ i: Int) -> Int { Int(s[layout.pcSlot[i]]) }

    /// Whether instance `i` has terminated.
    public func isDone(_ s: [UInt64], _ i: Int) -> Bool { pc(s, i) >= program.steps(of: i).count }

    /// Whether instance `i` can execute its next step in state `s`.
    public func enabled(_ s: [UInt64], _ i: Int) -> Bool {
        if s[layout.errorSlot] != 0 || isDone(s, i) { return false }
        let step = program.steps(of: i)[pc(s, i)]
        if let g = step.guardExpr {
            var err: ErrorCode?
            if eval(g, s, i, &err) == 0 { return false }
        }
        if let a = step.acquire { return lockAvailable(s, a.lock, a.mode) }
        return true
    }

    /// Whether `lock` can be taken in `mode` in state `s`.
    public func lockAvailable(_ s: [UInt64], _ lock: Int, _ mode: LockMode) -> Bool {
        for slot in layout.lockSlot[lock] {
            let h = s[slot]
            if mode == .exclusive && h != 0 { return false }
            if mode == .shared && h == 2 { return false }
        }
        return true
    }

    /// True when some instance has not terminated and none can move (and the program counts
    /// that as a violation: `Program.deadlockIsViolation`).
    public func isDeadlock(_ s: [UInt64]) -> Bool {
        if s[layout.errorSlot] != 0 || !program.deadlockIsViolation { return false }
        let live = program.instances.indices.filter { !isDone(s, $0) }
        return !live.isEmpty && !live.contains { enabled(s, $0) }
    }

    /// The first invariant clause that is false in `s`: (invariant name, instantiation).
    public func violatedInvariant(_ s: [UInt64]) -> (name: String, instantiation: String)? {
        for inv in program.invariants {
            for c in inv.clauses {
                var err: ErrorCode?
                if eval(c.condition, s, nil, &err) == 0 { return (inv.name, c.instantiation) }
            }
        }
        return nil
    }

    // MARK: execution

    /// Executes instance `i`'s next step in `s` (which must be enabled), once per combination of choices.
    ///
    /// With `fixedChoices`, choose statements take those values (by site) and one outcome results.
    public func execute(_ s: [UInt64], _ i: Int, fixedChoices: [Int: Int64]? = nil,
                        recordingReads: Bool = false) -> [Outcome] {
        let kind = program.kinds[program.instances[i].kind]
        if let fixed = fixedChoices { return [run(s, i, choices: fixed, recordingReads: recordingReads)] }
        if kind.chooseSites == 0 { return [run(s, i, choices: [:])] }
        // Enumerate the sites this step can reach, in site order.
        var combos: [[Int: Int64]] = [[:]]
        for site in sitesOf(kind.steps[pc(s, i)].body) {
            let r = kind.chooseRanges[site]
            combos = combos.flatMap { c in r.map { v in c.merging([site: v]) { $1 } } }
        }
        return combos.map { run(s, i, choices: $0) }
    }

    func sitesOf(_ body: [TStmt]) -> [Int] {
        var sites: [Int] = []
        for st in body {
            switch st {
            case .choose(_, _, _, let site): sites.append(site)
            case .ifElse(_, let a, let b): sites += sitesOf(a) + sitesOf(b)
            default: break
            }
        }
        return sites
    }

    struct Exec {
        var state: [UInt64]
        var next: Int
        var jumped = false
        var error: (code: ErrorCode, message: String)?
        var used: [Int: Int64] = [:]
        /// nil unless reads are recorded.
        var reads: [(slot: Int, value: UInt64)]?

        /// Records the slots `e` reads, with their values now.
        mutating func record(_ e: TExpr, _ i: Int, _ layout: StateLayout) {
            guard reads != nil else { return }
            for slot in ExpressionReads(layout: layout).slots(e, executing: i) where !reads!.contains(where: { $0.slot == slot }) {
                reads!.append((slot, state[slot]))
            }
        }
    }

    func run(_ s: [UInt64], _ i: Int, choices: [Int: Int64], recordingReads: Bool = false) -> Outcome {
        let step = program.steps(of: i)[pc(s, i)]
        var ex = Exec(state: s, next: step.fallthroughStep)
        if recordingReads {
            ex.reads = []
            if let g = step.guardExpr { ex.record(g, i, layout) }
        }
        if let a = step.acquire {
            ex.state[layout.lockSlot[a.lock][i]] = a.mode == .exclusive ? 2 : 1
        }
        exec(step.body, i, choices, &ex)
        ex.state[layout.pcSlot[i]] = UInt64(ex.next)
        if let e = ex.error { ex.state[layout.errorSlot] = e.code.rawValue }
        return Outcome(state: ex.state, choices: ex.used, error: ex.error, reads: ex.reads ?? [])
    }

    func exec(_ body: [TStmt], _ i: Int, _ choices: [Int: Int64], _ ex: inout Exec) {
        for st in body {
            if ex.jumped || ex.error != nil { return }
            var err: ErrorCode?
            switch st {
            case .assign(let lv, let e):
                let v = eval(e, ex.state, i, &err)
                if let err { ex.error = (err, "an array index is out of bounds"); return }
                store(lv, v, i, &ex)
            case .ifElse(let c, let a, let b):
                ex.record(c, i, layout)
                let v = eval(c, ex.state, i, &err)
                if let err { ex.error = (err, "an array index is out of bounds"); return }
                exec(v != 0 ? a : b, i, choices, &ex)
            case .goto(let target):
                ex.next = target
                ex.jumped = true
            case .terminate:
                ex.next = program.steps(of: i).count
                ex.jumped = true
            case .release(let l):
                let slot = layout.lockSlot[l][i]
                if ex.state[slot] == 0 {
                    ex.error = (.lockMisuse, "\(program.instanceName(i)) released \(program.locks[l].name), which it does not hold")
                    return
                }
                ex.state[slot] = 0
            case .choose(let lv, let lo, _, let site):
                let v = choices[site] ?? lo
                ex.used[site] = v
                store(lv, lv.type.normalize(UInt64(bitPattern: v)), i, &ex)
            case .assert(let c, let msg):
                let v = eval(c, ex.state, i, &err)
                if err != nil || v == 0 { ex.error = (.assertion, "assertion failed: \(msg)"); return }
            }
        }
    }

    func store(_ lv: LValue, _ v: UInt64, _ i: Int, _ ex: inout Exec) {
        let base: Int
        let count: Int
        switch lv.scope {
        case .global:
            base = layout.globalBase[lv.variable]
            count = program.globals[lv.variable].slots
        case .local:
            base = layout.localBase[i][lv.variable]
            count = program.kinds[program.instances[i].kind].locals[lv.variable].slots
        }
        var offset = 0
        if let ie = lv.index {
            var err: ErrorCode?
            let raw = eval(ie, ex.state, i, &err)
            let idx = asIndex(raw, ie.type)
            if err != nil || idx < 0 || idx >= count {
                ex.error = (.outOfBounds, "index \(ie.type.render(raw)) is outside 0..<\(count)")
                return
            }
            offset = idx
        }
        ex.state[base + offset] = lv.type.normalize(v)
    }

    func asIndex(_ raw: UInt64, _ t: ValueType) -> Int {
        if case .int(let w, true) = t { return Int(clamping: signExtend(raw, from: w)) }
        return raw > UInt64(Int.max) ? Int.max : Int(raw)
    }

    // MARK: expressions

    /// Evaluates `e` in state `s` for executing instance `i` (nil outside a step); an out-of-bounds read sets `err`.
    public func eval(_ e: TExpr, _ s: [UInt64], _ i: Int?, _ err: inout ErrorCode?) -> UInt64 {
        switch e {
        case .const(let v, _): return v
        case .global(let g, _): return s[layout.globalBase[g]]
        case .globalElement(let g, let ie, _):
            return element(layout.globalBase[g], program.globals[g].slots, ie, s, i, &err)
        case .local(let l, let sel, _):
            let inst = sel.resolved(executing: i)
            return s[layout.localBase[inst][l]]
        case .localElement(let l, let sel, let ie, _):
            let inst = sel.resolved(executing: i)
            return element(layout.localBase[inst][l], program.kinds[program.instances[inst].kind].locals[l].slots,
                           ie, s, i, &err)
        case .pcIs(let inst, let step):
            return s[layout.pcSlot[inst]] == UInt64(step) ? 1 : 0
        case .selfIndex:
            return UInt64(program.instances[i ?? 0].index)
        case .unary(let op, let a, let t):
            let v = eval(a, s, i, &err)
            switch op {
            case .not: return v == 0 ? 1 : 0
            case .complement: return t.normalize(~v)
            case .negate: return t.normalize(0 &- v)
            }
        case .binary(let op, let a, let b, let ot, let rt):
            if op == .and {
                return eval(a, s, i, &err) != 0 && eval(b, s, i, &err) != 0 ? 1 : 0
            }
            if op == .or {
                return eval(a, s, i, &err) != 0 || eval(b, s, i, &err) != 0 ? 1 : 0
            }
            if op == .implies {
                return eval(a, s, i, &err) == 0 || eval(b, s, i, &err) != 0 ? 1 : 0
            }
            let x = eval(a, s, i, &err), y = eval(b, s, i, &err)
            return Self.binary(op, x, y, ot, rt)
        case .convert(let a, let t):
            let v = eval(a, s, i, &err)
            if case .int(let w, true) = a.type { return t.normalize(UInt64(bitPattern: signExtend(v, from: w))) }
            return t.normalize(v)
        case .ite(let c, let a, let b, _):
            return eval(c, s, i, &err) != 0 ? eval(a, s, i, &err) : eval(b, s, i, &err)
        }
    }

    func element(_ base: Int, _ count: Int, _ ie: TExpr, _ s: [UInt64], _ i: Int?, _ err: inout ErrorCode?) -> UInt64 {
        let idx = asIndex(eval(ie, s, i, &err), ie.type)
        if idx < 0 || idx >= count {
            err = .outOfBounds
            return s[base]
        }
        return s[base + idx]
    }

    /// A binary operation on bit patterns of type `ot`, giving type `rt`.
    static func binary(_ op: BinaryOp, _ x: UInt64, _ y: UInt64, _ ot: ValueType, _ rt: ValueType) -> UInt64 {
        let w = ot.bitWidth
        let signed: Bool = { if case .int(_, true) = ot { return true }; return false }()
        switch op {
        case .add: return rt.normalize(x &+ y)
        case .sub: return rt.normalize(x &- y)
        case .mul: return rt.normalize(x &* y)
        case .bitAnd: return x & y
        case .bitOr: return x | y
        case .bitXor: return x ^ y
        case .shl: return y >= UInt64(w) ? 0 : rt.normalize(x << y)
        case .shr:
            if signed {
                let sx = signExtend(x, from: w)
                return rt.normalize(UInt64(bitPattern: y >= UInt64(w) ? (sx < 0 ? -1 : 0) : sx >> Int64(y)))
            }
            return y >= UInt64(w) ? 0 : x >> y
        case .eq: return x == y ? 1 : 0
        case .ne: return x != y ? 1 : 0
        case .lt, .le, .gt, .ge:
            let c: Bool
            if signed {
                let a = signExtend(x, from: w), b = signExtend(y, from: w)
                c = op == .lt ? a < b : op == .le ? a <= b : op == .gt ? a > b : a >= b
            } else {
                c = op == .lt ? x < y : op == .le ? x <= y : op == .gt ? x > y : x >= y
            }
            return c ? 1 : 0
        case .and, .or, .implies: return 0
        }
    }
}
