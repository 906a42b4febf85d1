import ProtocolDSL

/// Draws the parts of one random protocol from a seeded generator, with the DSL's own functions.
///
/// Every draw depends on the seed alone, never on the configuration, so the protocol built for
/// fewer members of the `w` family (the invisible prover's smaller instances) is the same protocol.
/// Every execution is finite: the only backward jump is the loop at `end`, bounded by a counter.
struct RandomProtocolBuilder {
    /// A readable and assignable scalar.
    struct Scalar {
        let ref: Expr
        let type: ValueType
        /// The initial value (the lowest, for a data choice).
        var initial: Int64 = 0
    }

    /// A readable and assignable array.
    struct Array {
        let ref: ArrayVar
        let count: Int
        let type: ValueType
    }

    /// A process kind as drawn: its name, declarations, steps and the labels an invariant may name.
    struct Kind {
        let name: String
        let locals: [Expr]
        let localArrays: [ArrayVar]
        let steps: [StepDecl]
        let labels: [String]
        let scalarNames: [(String, ValueType)]
    }

    var rng: SplitMix64
    /// Whether this protocol may use u32, u64 and i64 (not exported to SPIN: see `RandomProtocol`).
    let wide: Bool

    var globals: [Scalar] = []
    var arrays: [Array] = []
    var locks: [LockRef] = []
    /// The scalars and arrays of the kind whose steps are being drawn.
    var locals: [Scalar] = []
    var localArrays: [Array] = []
    /// True while drawing a step body (where `selfIndex` and locals may be read).
    var inStep = false

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        wide = rng.chance(25)
    }

    /// The declarations, processes and invariants of one protocol.
    struct Drawn {
        let globals: [Expr]
        let arrays: [ArrayVar]
        let locks: [LockRef]
        let kinds: [Kind]
        let invariants: [InvariantDecl]
    }

    /// Draws the protocol of `seed`: a family `w` of `familySize` and, with `hasM`, a process `m`.
    static func draw(seed: UInt64, familySize: Int, hasM: Bool) -> Drawn {
        var b = RandomProtocolBuilder(seed: seed)
        var globals: [Expr] = []
        for n in 0..<b.rng.inRange(1...3) {
            let t = b.intType()
            let initial = b.initial(t, choiceChance: 20)
            let g = Global("g\(n)", t, initial: initial)
            var start: Int64 = 0
            if case .any(let lo, _) = initial { start = lo } else if case .value(.int(let v)) = initial { start = v }
            b.globals.append(Scalar(ref: g, type: t, initial: start))
            globals.append(g)
        }
        let arrays = b.rng.chance(50) ? [b.globalArray()] : []
        for n in 0..<b.rng.inRange(1...2) { b.locks.append(b.rng.chance(50) ? Mutex("m\(n)") : RWLock("r\(n)")) }
        var kinds = [b.kind("w")]
        if hasM { kinds.append(b.kind("m")) }
        var invariants: [InvariantDecl] = []
        for n in 0..<b.rng.inRange(0...2) { invariants.append(b.invariant(Int(n), kinds, familySize: familySize)) }
        return Drawn(globals: globals, arrays: arrays, locks: b.locks, kinds: kinds, invariants: invariants)
    }

    // MARK: types and constants

    mutating func intType() -> ValueType {
        if wide && rng.chance(35) { return rng.pick([.u32, .u64, .i64]) }
        return rng.pick([.u8, .u16, .i8, .i16, .i32])
    }

    /// The values of `t` as Int64 (u64's upper half is out of reach, which is fine for drawing).
    static func bounds(_ t: ValueType) -> ClosedRange<Int64> {
        guard case .int(let bits, let signed) = t else { return 0...1 }
        if bits == 64 { return signed ? Int64.min...Int64.max : 0...Int64.max }
        return signed ? -(Int64(1) << (bits - 1))...((Int64(1) << (bits - 1)) - 1) : 0...((Int64(1) << bits) - 1)
    }

    /// A constant of type `t`: small, or next to a bound (where wrap-around and truncation happen).
    mutating func constant(_ t: ValueType) -> Int64 {
        let b = Self.bounds(t)
        switch rng.below(10) {
        case 0: return b.upperBound - rng.inRange(0...1)
        case 1: return b.lowerBound + rng.inRange(0...1)
        case 2 where wide: return rng.inRange(0xFFFF_FFFE...0x1_0000_0001) // around 2^32, for u64/i64
        default:
            let lo = max(b.lowerBound, -3)
            return rng.inRange(lo...5)
        }
    }

    /// An initial value: a constant, or (a data choice) any of a few values near a constant.
    mutating func initial(_ t: ValueType, choiceChance: Int = 30) -> InitialValue {
        let b = Self.bounds(t)
        var v = constant(t)
        if b.contains(v) == false { v = 0 }
        if rng.chance(choiceChance) {
            let width = rng.inRange(1...3)
            let lo = v > b.upperBound - width ? b.upperBound - width : v
            return .any(lo: lo, hi: lo + width)
        }
        return .value(.int(v))
    }

    /// Draws the global array `arr` of 2 or 3 elements, all alike or each given.
    mutating func globalArray() -> ArrayVar {
        let t = intType()
        let count = Int(rng.inRange(2...3))
        var initial = initial(t, choiceChance: 0)
        if rng.chance(30) {
            var values: [Expr] = []
            for _ in 0..<count {
                let v = constant(t)
                values.append(.int(Self.bounds(t).contains(v) ? v : 0))
            }
            initial = .elements(values)
        }
        let a = GlobalArray("arr", t, count: count, initial: initial)
        arrays.append(Array(ref: a, count: count, type: t))
        return a
    }

    // MARK: expressions

    /// Whether `e` reads a variable (so that its literals take a type from it).
    static func hasVariable(_ e: Expr) -> Bool {
        switch e {
        case .int, .bool, .enumCase: return false
        case .variable, .element, .localOf, .selfIndex: return true
        case .at, .finished: return false
        case .unary(_, let a): return hasVariable(a)
        case .binary(_, let a, let b): return hasVariable(a) || hasVariable(b)
        case .ite(_, let a, let b): return hasVariable(a) || hasVariable(b)
        }
    }

    /// An index into an array of `count` elements: in bounds by masking, or (in a step body, rarely)
    /// any value, which may be out of bounds.
    mutating func index(_ count: Int) -> Expr {
        let raw = variable()
        if inStep && rng.chance(5) { return raw }
        return count == 1 ? .int(0) : raw & 1
    }

    /// A variable readable here (a scalar, an array element, or `selfIndex` in a step).
    mutating func variable() -> Expr {
        let r = rng.below(10)
        if inStep && r == 0 { return selfIndex }
        if r <= 2, !(arrays.isEmpty && localArrays.isEmpty) {
            let a = rng.pick(arrays + localArrays)
            return a.ref[index(a.count)]
        }
        return rng.pick(globals + locals).ref
    }

    mutating func intExpr(_ depth: Int) -> Expr {
        if depth == 0 || rng.chance(35) {
            if rng.chance(65) { return variable() }
            return .int(constant(rng.pick([.u8, .i8, .i16, .i32])))
        }
        var e: Expr
        switch rng.below(10) {
        case 0...4:
            let op = rng.chance(5) ? BinaryOp.mul : rng.pick([BinaryOp.add, .sub, .add, .sub, .bitAnd, .bitOr, .bitXor])
            e = .binary(op, intExpr(depth - 1), intExpr(depth - 1))
            if !Self.hasVariable(e) { e = .binary(op, variable(), intExpr(depth - 1)) }
        case 5:
            let amount = Expr.int(rng.inRange(0...(wide ? 40 : 9)))
            let left = Self.hasVariable(e: intExpr(depth - 1), or: variable())
            e = rng.chance(50) ? left << amount : left >> amount
        case 6:
            e = rng.chance(50) ? -Self.hasVariable(e: intExpr(depth - 1), or: variable())
                : ~Self.hasVariable(e: intExpr(depth - 1), or: variable())
        case 7:
            e = ite(boolExpr(depth - 1), intExpr(depth - 1), intExpr(depth - 1))
            if case .ite(let c, let a, let b) = e, !Self.hasVariable(a), !Self.hasVariable(b) { e = ite(c, a, variable()) }
        default:
            e = variable()
        }
        return e
    }

    static func hasVariable(e: Expr, or fallback: Expr) -> Expr { hasVariable(e) ? e : fallback }

    mutating func comparison(_ a: Expr, _ b: Expr) -> Expr {
        .binary(rng.pick([BinaryOp.eq, .ne, .lt, .le, .gt, .ge]), a, b)
    }

    mutating func boolExpr(_ depth: Int) -> Expr {
        if depth > 0 && rng.chance(30) {
            switch rng.below(3) {
            case 0: return !boolExpr(depth - 1)
            case 1: return boolExpr(depth - 1) && boolExpr(depth - 1)
            default: return boolExpr(depth - 1) || boolExpr(depth - 1)
            }
        }
        var a = intExpr(max(depth, 1) - 1), b = intExpr(max(depth, 1) - 1)
        if !Self.hasVariable(a) && !Self.hasVariable(b) { a = variable() }
        if rng.chance(50) { b = .int(constant(.i8)) }
        if !Self.hasVariable(a) { a = variable() }
        return comparison(a, b)
    }

    // MARK: statements

    /// Something to assign to, with an index that may be computed.
    mutating func target() -> Expr {
        if rng.chance(25), !(arrays.isEmpty && localArrays.isEmpty) {
            let a = rng.pick(arrays + localArrays)
            return a.ref[index(a.count)]
        }
        return rng.pick(globals + locals).ref
    }

    mutating func statement(_ depth: Int, hasEnd: Bool) -> Stmt {
        switch rng.below(20) {
        case 0...10: return target() <- intExpr(2)
        case 11...13:
            let c = boolExpr(1)
            let a = statement(depth - 1 < 0 ? 0 : depth - 1, hasEnd: hasEnd)
            if depth == 0 { return If(c) { a } }
            let b = statement(0, hasEnd: hasEnd)
            return If(c) { a } else: { b }
        case 14...16:
            let lo = rng.inRange(-2...2)
            return Choose(target(), in: lo...(lo + rng.inRange(1...2)))
        case 17 where rng.chance(40): return Assert(boolExpr(1), "random assertion")
        case 18 where hasEnd: return If(boolExpr(1)) { Goto("end") }
        case 19 where rng.chance(30): return If(boolExpr(1)) { Terminate() }
        default: return target() <- intExpr(1)
        }
    }

    mutating func body(_ n: ClosedRange<Int64>) -> [Stmt] {
        (0..<rng.inRange(n)).map { _ in statement(1, hasEnd: true) }
    }

    // MARK: processes

    /// Draws the locals and steps of kind `name`.
    mutating func kind(_ name: String) -> Kind {
        let xt = intType()
        let x = Local("x", xt, initial: initial(xt))
        let hasLoop = rng.chance(40)
        let counter = Local("k", .u8)
        var localDecls = [x]
        var scalarNames: [(String, ValueType)] = []
        if case .variable(let d) = x { scalarNames.append((d.name, d.type)); locals = [Scalar(ref: x, type: d.type)] }
        if hasLoop { localDecls.append(counter) }
        localArrays = []
        var arrayDecls: [ArrayVar] = []
        if rng.chance(25) {
            let t = intType()
            let la = LocalArray("la", t, count: 2, initial: initial(t, choiceChance: 0))
            arrayDecls.append(la)
            localArrays = [Array(ref: la, count: 2, type: t)]
        }
        inStep = true
        defer { inStep = false }
        var steps: [StepDecl] = []
        var labels: [String] = []
        func label() -> String { "s\(labels.count)" }
        let segments = rng.inRange(2...3)
        for _ in 0..<segments {
            if !locks.isEmpty && rng.chance(45) {
                let l = rng.pick(locks)
                var mode: LockMode = l.kind == .rwlock && rng.chance(50) ? .shared : .exclusive
                labels.append(label())
                steps.append(Acquire(labels.last!, l, mode) { for s in body(0...2) { s } })
                if rng.chance(40) {
                    labels.append(label())
                    steps.append(Step(labels.last!) { for s in body(1...2) { s } })
                }
                if rng.chance(25) { // drop and retake, perhaps in the other mode
                    labels.append(label())
                    steps.append(Step(labels.last!) {
                        for s in body(0...1) { s }
                        Release(l)
                    })
                    if l.kind == .rwlock && rng.chance(50) { mode = mode == .shared ? .exclusive : .shared }
                    labels.append(label())
                    steps.append(Acquire(labels.last!, l, mode) { for s in body(0...1) { s } })
                }
                if rng.chance(95) {
                    labels.append(label())
                    steps.append(Step(labels.last!) {
                        for s in body(0...1) { s }
                        Release(l)
                    })
                }
                if rng.chance(4) { // a release too many: lock misuse
                    labels.append(label())
                    steps.append(Step(labels.last!) { Release(l) })
                }
            } else {
                let guardExpr: Expr? = rng.chance(15) ? boolExpr(1) : nil
                labels.append(label())
                steps.append(Step(labels.last!, await: guardExpr) { for s in body(1...3) { s } })
            }
        }
        let bound = Expr.int(rng.inRange(1...2))
        let last = body(0...1)
        steps.append(Step("end") {
            for s in last { s }
            if hasLoop {
                If(counter < bound) {
                    counter <- counter + 1
                    Goto("s0")
                }
            }
        })
        labels.append("end")
        locals = []
        localArrays = []
        return Kind(name: name, locals: localDecls, localArrays: arrayDecls, steps: steps, labels: labels,
                    scalarNames: scalarNames)
    }

    // MARK: invariants

    /// Replaces the placeholder instances -1 and -2 of kind `kind` in `e` with `a` and `b`.
    static func instantiate(_ e: Expr, _ a: Int, _ b: Int) -> Expr {
        func n(_ i: Int) -> Int { i == -1 ? a : i == -2 ? b : i }
        switch e {
        case .localOf(let k, let i, let name, let idx): return .localOf(kind: k, instance: n(i), name: name, index: idx)
        case .at(let k, let i, let l): return .at(kind: k, instance: n(i), label: l)
        case .finished(let k, let i): return .finished(kind: k, instance: n(i))
        case .unary(let op, let x): return .unary(op, instantiate(x, a, b))
        case .binary(let op, let x, let y): return .binary(op, instantiate(x, a, b), instantiate(y, a, b))
        case .ite(let c, let x, let y): return .ite(instantiate(c, a, b), instantiate(x, a, b), instantiate(y, a, b))
        case .element(let d, let i): return .element(d, instantiate(i, a, b))
        default: return e
        }
    }

    /// Draws one invariant over globals and the kinds' locals and locations.
    mutating func invariant(_ number: Int, _ kinds: [Kind], familySize: Int) -> InvariantDecl {
        let w = kinds[0]
        let name = "inv\(number)"
        switch rng.below(6) {
        case 0 where familySize >= 2:
            // Two members of the family are never both at a label (a lock's section, say).
            let later = Swift.Array(w.labels.dropFirst())
            let l = rng.pick(later)
            let l2 = rng.chance(70) ? l : rng.pick(later)
            return Invariant(name, forAllPairs: w.name) { a, b in !(a.at(l) && b.at(l2)) }
        case 1:
            // Each member's local, when it is at a label or finished.
            let (x, t) = w.scalarNames[0]
            let when: Expr = rng.chance(30) ? .finished(kind: w.name, instance: -1)
                : .at(kind: w.name, instance: -1, label: rng.pick(Swift.Array(w.labels.dropFirst())))
            let template = when ==> comparison(.localOf(kind: w.name, instance: -1, name: x, index: nil),
                                               .int(constant(t)))
            return Invariant(name, forAll: w.name) { v in Self.instantiate(template, v.index, v.index) }
        case 2 where kinds.count > 1:
            let m = kinds[1]
            let (x, _) = m.scalarNames[0]
            let mx = Expr.localOf(kind: m.name, instance: 0, name: x, index: nil)
            let template = comparison(mx + variable(), .int(constant(.i8)))
                || .at(kind: m.name, instance: 0, label: m.labels[0])
            return Invariant(name) { template }
        case 3:
            let template = boolExpr(1)
            return Invariant(name) { template }
        default:
            // A global stays away from a value near its initial one (true at first, perhaps not later).
            let g = rng.pick(globals)
            let b = Self.bounds(g.type)
            let d = rng.inRange(1...4)
            let near = g.initial > b.upperBound - d ? g.initial - d : g.initial + d
            let template: Expr = rng.chance(50) ? g.ref != .int(near)
                : near > g.initial ? g.ref < .int(near) : g.ref > .int(near)
            return Invariant(name) { template }
        }
    }
}
