/// Validates a built protocol body and turns it into the typed IR, with located errors.
struct Elaborator {
    let modelName: String
    let configuration: Configuration

    /// What a step is typed against.
    struct Scope {
        var kind: Int?
        var kindName: String
        var location: SourceLocation
        var what: String
    }

    var globals: [Variable] = []
    var globalIndex: [String: Int] = [:]
    var locks: [Lock] = []
    var lockIndex: [String: Int] = [:]
    var kindDecls: [ProcessDecl] = []
    var kindLocals: [[Variable]] = []
    var kindLocalIndex: [[String: Int]] = []
    var kindLabels: [[String: Int]] = []
    var kindFirst: [Int] = []
    var chooseCounter = 0
    var chooseRanges: [ClosedRange<Int64>] = []

    init(modelName: String, configuration: Configuration) {
        self.modelName = modelName
        self.configuration = configuration
    }

    mutating func elaborate(_ items: [ProtocolItem]) throws -> Program {
        var invariantDecls: [InvariantDecl] = []
        var livenessDecls: [LivenessDecl] = []
        for item in items {
            switch item {
            case .invalid(let msg):
                throw ModelError(.invalid, "model '\(modelName)': \(msg)")
            case .global(let d):
                guard globalIndex[d.name] == nil, lockIndex[d.name] == nil else {
                    throw ModelError(.duplicateName, "global '\(d.name)' is declared twice (as a global or a lock)",
                                     at: d.location)
                }
                globalIndex[d.name] = globals.count
                globals.append(try variable(d))
            case .lock(let l):
                guard lockIndex[l.name] == nil, globalIndex[l.name] == nil else {
                    throw ModelError(.duplicateName, "lock '\(l.name)' is declared twice", at: l.location)
                }
                lockIndex[l.name] = locks.count
                locks.append(Lock(name: l.name, kind: l.kind))
            case .process(let p):
                guard !kindDecls.contains(where: { $0.name == p.name }) else {
                    throw ModelError(.duplicateName, "process '\(p.name)' is declared twice", at: p.location)
                }
                kindDecls.append(p)
            case .invariant(let i):
                guard !invariantDecls.contains(where: { $0.name == i.name }) else {
                    throw ModelError(.duplicateName, "invariant '\(i.name)' is declared twice", at: i.location)
                }
                invariantDecls.append(i)
            case .liveness(let l):
                guard !livenessDecls.contains(where: { $0.name == l.name }) else {
                    throw ModelError(.duplicateName, "liveness property '\(l.name)' is declared twice", at: l.location)
                }
                livenessDecls.append(l)
            }
        }
        // One namespace: `--property NAME` selects invariants and liveness properties alike.
        if let clash = livenessDecls.first(where: { l in invariantDecls.contains { $0.name == l.name } }) {
            throw ModelError(.duplicateName, "liveness property '\(clash.name)' has the name of an invariant",
                             at: clash.location)
        }
        guard !kindDecls.isEmpty else {
            throw ModelError(.emptyModel, "model '\(modelName)' has no process")
        }
        // Declarations of every kind first, so steps and invariants can name any kind's labels.
        var instances: [Instance] = []
        for (k, p) in kindDecls.enumerated() {
            guard p.instances >= 1 else {
                throw ModelError(.invalid, "process '\(p.name)' must have at least 1 instance, not \(p.instances)",
                                 at: p.location)
            }
            var locals: [Variable] = []
            var localIndex: [String: Int] = [:]
            var labels: [String: Int] = [:]
            var stepCount = 0
            for item in p.items {
                switch item {
                case .invalid(let msg, _):
                    throw ModelError(.invalid, "process '\(p.name)': \(msg)", at: p.location)
                case .local(let d):
                    guard localIndex[d.name] == nil, globalIndex[d.name] == nil else {
                        throw ModelError(.duplicateName, "local '\(d.name)' of process '\(p.name)' is declared twice "
                                         + "or shadows a global", at: d.location)
                    }
                    localIndex[d.name] = locals.count
                    locals.append(try variable(d))
                case .step(let s):
                    if labels[s.label] != nil {
                        throw ModelError(.duplicateLabel, "label '\(s.label)' appears twice in process '\(p.name)'",
                                         at: s.location)
                    }
                    labels[s.label] = stepCount
                    stepCount += 1
                }
            }
            guard stepCount > 0 else {
                throw ModelError(.invalid, "process '\(p.name)' has no step", at: p.location)
            }
            kindLocals.append(locals)
            kindLocalIndex.append(localIndex)
            kindLabels.append(labels)
            kindFirst.append(instances.count)
            for i in 0..<p.instances { instances.append(Instance(kind: k, index: i)) }
        }
        var kinds: [ProcessKind] = []
        for (k, p) in kindDecls.enumerated() {
            chooseCounter = 0
            chooseRanges = []
            let stepDecls = p.items.compactMap { item -> StepDecl? in
                if case .step(let s) = item { return s }
                return nil
            }
            var steps: [StepIR] = []
            for (n, s) in stepDecls.enumerated() {
                let scope = Scope(kind: k, kindName: p.name, location: s.location,
                                  what: "step '\(s.label)' of process '\(p.name)'")
                var guardExpr: TExpr?
                if let g = s.guardExpr {
                    let t = try typed(g, hint: .bool, scope)
                    try expectBool(t, "the await condition", scope)
                    guardExpr = t
                }
                var acquire: (lock: Int, mode: LockMode)?
                if let a = s.acquire {
                    guard let l = lockIndex[a.lock.name] else {
                        throw ModelError(.unknownLock, "\(scope.what) acquires undeclared lock '\(a.lock.name)'",
                                         at: s.location)
                    }
                    if locks[l].kind == .mutex && a.mode == .shared {
                        throw ModelError(.invalid, "\(scope.what) takes mutex '\(a.lock.name)' in shared mode",
                                         at: s.location)
                    }
                    acquire = (l, a.mode)
                }
                let body = try statements(s.body, scope)
                steps.append(StepIR(label: s.label, location: s.location, guardExpr: guardExpr, acquire: acquire,
                                    body: body, fallthroughStep: n + 1))
            }
            kinds.append(ProcessKind(name: p.name, instances: p.instances, firstInstance: kindFirst[k],
                                     locals: kindLocals[k], steps: steps, chooseSites: chooseCounter,
                                     chooseRanges: chooseRanges, fairness: p.fairness))
        }
        var invariants: [InvariantIR] = []
        for inv in invariantDecls {
            invariants.append(try invariant(inv))
        }
        var program = Program(modelName: modelName, configuration: configuration, globals: globals, locks: locks,
                              kinds: kinds, instances: instances, invariants: invariants)
        program.liveness = try livenessDecls.map { try liveness($0) }
        return program
    }

    // MARK: declarations

    func variable(_ d: VarDecl) throws -> Variable {
        if case .int(let bits, _) = d.type, ![8, 16, 32, 64].contains(bits) {
            throw ModelError(.invalid, "variable '\(d.name)' has width \(bits); valid: 8, 16, 32, 64", at: d.location)
        }
        if case .enumeration(let e) = d.type, e.cases.isEmpty || Set(e.cases).count != e.cases.count {
            throw ModelError(.invalid, "enumeration '\(e.name)' needs distinct cases", at: d.location)
        }
        if let c = d.count, c < 1 {
            throw ModelError(.invalid, "array '\(d.name)' must have at least 1 element", at: d.location)
        }
        let n = d.count ?? 1
        func constant(_ e: Expr) throws -> Int64 {
            switch (e, d.type) {
            case (.int(let v), .int): return v
            case (.bool(let b), .bool): return b ? 1 : 0
            // The default initial value 0 means false for a bool and the first case for an enumeration.
            case (.int(0), .bool), (.int(0), .enumeration): return 0
            case (.enumCase(let c), .enumeration(let et)):
                guard let i = et.cases.firstIndex(of: c) else {
                    throw ModelError(.typeMismatch, "'\(c)' is not a case of \(et.name) (\(et.cases.joined(separator: ", ")))",
                                     at: d.location)
                }
                return Int64(i)
            default:
                throw ModelError(.typeMismatch, "initial value \(e.rendered) of '\(d.name)' is not a \(d.type) constant",
                                 at: d.location)
            }
        }
        func domainCheck(_ lo: Int64, _ hi: Int64) throws {
            let ok: Bool
            switch d.type {
            case .bool: ok = lo >= 0 && hi <= 1
            case .enumeration(let e): ok = lo >= 0 && hi < Int64(e.cases.count)
            case .int(let bits, let signed):
                if bits == 64 { ok = !signed ? lo >= 0 : true } else if signed {
                    ok = lo >= -(Int64(1) << (bits - 1)) && hi < (Int64(1) << (bits - 1))
                } else { ok = lo >= 0 && hi < (Int64(1) << bits) }
            }
            guard ok, lo <= hi else {
                throw ModelError(.typeMismatch, "initial value \(lo)...\(hi) of '\(d.name)' is outside \(d.type)",
                                 at: d.location)
            }
        }
        var initial: [ClosedRange<Int64>] = []
        switch d.initial {
        case .value(let e):
            let v = try constant(e)
            try domainCheck(v, v)
            initial = Array(repeating: v...v, count: n)
        case .elements(let es):
            guard es.count == n else {
                throw ModelError(.invalid, "'\(d.name)' has \(n) elements but \(es.count) initial values", at: d.location)
            }
            for e in es {
                let v = try constant(e)
                try domainCheck(v, v)
                initial.append(v...v)
            }
        case .any(let lo, let hi):
            try domainCheck(lo, hi)
            initial = Array(repeating: lo...hi, count: n)
        }
        return Variable(name: d.name, type: d.type, count: d.count, initial: initial, location: d.location)
    }

    // MARK: statements

    mutating func statements(_ body: [Stmt], _ scope: Scope) throws -> [TStmt] {
        try body.map { try statement($0, scope) }
    }

    mutating func statement(_ s: Stmt, _ scope: Scope) throws -> TStmt {
        switch s {
        case .assign(let target, let value, _):
            let lv = try lvalue(target, scope)
            let v = try converted(try typed(value, hint: lv.type, scope), to: lv.type, "assignment to \(target.rendered)", scope)
            return .assign(lv, v)
        case .ifElse(let c, let a, let b, _):
            let tc = try typed(c, hint: .bool, scope)
            try expectBool(tc, "the if condition \(c.rendered)", scope)
            return .ifElse(tc, try statements(a, scope), try statements(b, scope))
        case .goto(let label, _):
            guard let k = scope.kind, let target = kindLabels[k][label] else {
                let valid = scope.kind.map { kindLabels[$0].keys.sorted().joined(separator: ", ") } ?? ""
                throw ModelError(.unknownLabel, "\(scope.what) jumps to unknown label '\(label)'; valid: \(valid)",
                                 at: scope.location)
            }
            return .goto(target)
        case .terminate:
            return .terminate
        case .release(let l, _):
            guard let i = lockIndex[l.name] else {
                throw ModelError(.unknownLock, "\(scope.what) releases undeclared lock '\(l.name)'", at: scope.location)
            }
            return .release(i)
        case .choose(let target, let lo, let hi, _):
            let lv = try lvalue(target, scope)
            guard lv.type.isInteger || lv.type == .bool || { if case .enumeration = lv.type { return true }; return false }() else {
                throw ModelError(.typeMismatch, "cannot choose a value for \(target.rendered)", at: scope.location)
            }
            guard lo <= hi else {
                throw ModelError(.invalid, "\(scope.what) chooses from an empty range \(lo)...\(hi)", at: scope.location)
            }
            let site = chooseCounter
            chooseCounter += 1
            chooseRanges.append(lo...hi)
            return .choose(lv, lo: lo, hi: hi, site: site)
        case .assert(let c, let msg, _):
            let tc = try typed(c, hint: .bool, scope)
            try expectBool(tc, "the assertion \(c.rendered)", scope)
            return .assert(tc, msg)
        }
    }

    func lvalue(_ e: Expr, _ scope: Scope) throws -> LValue {
        switch e {
        case .variable(let d):
            let (sc, idx, v) = try resolve(d, scope)
            guard v.count == nil else {
                throw ModelError(.typeMismatch, "\(scope.what) assigns to array '\(d.name)' without an index", at: scope.location)
            }
            return LValue(scope: sc, variable: idx, index: nil, type: v.type)
        case .element(let d, let i):
            let (sc, idx, v) = try resolve(d, scope)
            guard v.count != nil else {
                throw ModelError(.typeMismatch, "\(scope.what) indexes scalar '\(d.name)'", at: scope.location)
            }
            return LValue(scope: sc, variable: idx, index: try index(i, scope), type: v.type)
        default:
            throw ModelError(.invalid, "\(scope.what) assigns to \(e.rendered), which is not a variable", at: scope.location)
        }
    }

    func resolve(_ d: VarDecl, _ scope: Scope) throws -> (VarScope, Int, Variable) {
        switch d.scope {
        case .global:
            guard let i = globalIndex[d.name] else {
                throw ModelError(.unknownVariable, "\(scope.what) uses undeclared global '\(d.name)'", at: scope.location)
            }
            return (.global, i, globals[i])
        case .local:
            guard let k = scope.kind else {
                throw ModelError(.unknownVariable, "\(scope.what) uses local '\(d.name)' outside a process; "
                                 + "name an instance instead (i.local(\"\(d.name)\"))", at: scope.location)
            }
            guard let i = kindLocalIndex[k][d.name] else {
                throw ModelError(.unknownVariable, "\(scope.what) uses local '\(d.name)', which process "
                                 + "'\(scope.kindName)' does not declare", at: scope.location)
            }
            return (.local, i, kindLocals[k][i])
        }
    }

    func index(_ e: Expr, _ scope: Scope) throws -> TExpr {
        let t = try typed(e, hint: .i64, scope)
        guard t.type.isInteger else {
            throw ModelError(.typeMismatch, "array index \(e.rendered) is \(t.type), not an integer", at: scope.location)
        }
        return t
    }

    // MARK: expressions

    func expectBool(_ t: TExpr, _ what: String, _ scope: Scope) throws {
        guard t.type == .bool else {
            throw ModelError(.typeMismatch, "\(scope.what): \(what) is \(t.type), not bool", at: scope.location)
        }
    }

    func converted(_ t: TExpr, to target: ValueType, _ what: String, _ scope: Scope) throws -> TExpr {
        if t.type == target { return t }
        if t.type.isInteger && target.isInteger {
            if case .const(let bits, let from) = t {
                return .const(TypeRules.literalBits(signedValue(bits, from), target), target)
            }
            return .convert(t, to: target)
        }
        throw ModelError(.typeMismatch, "\(scope.what): \(what) has type \(t.type), expected \(target)", at: scope.location)
    }

    func signedValue(_ bits: UInt64, _ t: ValueType) -> Int64 {
        if case .int(let w, true) = t { return signExtend(bits, from: w) }
        return Int64(bitPattern: bits)
    }

    static func isUntypedLiteral(_ e: Expr) -> Bool {
        switch e {
        case .int, .enumCase: return true
        case .unary(.negate, let inner): return isUntypedLiteral(inner)
        default: return false
        }
    }

    func typed(_ e: Expr, hint: ValueType?, _ scope: Scope) throws -> TExpr {
        switch e {
        case .int(let v):
            let t: ValueType = (hint?.isInteger ?? false) ? TypeRules.promote(hint!) : .i64
            let target: ValueType = (hint?.isInteger ?? false) ? hint! : .i64
            _ = t
            return .const(TypeRules.literalBits(v, target), target)
        case .bool(let b):
            return .const(b ? 1 : 0, .bool)
        case .enumCase(let c):
            guard case .enumeration(let et)? = hint else {
                throw ModelError(.typeMismatch, "\(scope.what): \"\(c)\" needs an enumeration on the other side",
                                 at: scope.location)
            }
            guard let i = et.cases.firstIndex(of: c) else {
                throw ModelError(.typeMismatch, "\(scope.what): '\(c)' is not a case of \(et.name); valid: "
                                 + et.cases.joined(separator: ", "), at: scope.location)
            }
            return .const(UInt64(i), hint!)
        case .variable(let d):
            let (sc, idx, v) = try resolve(d, scope)
            guard v.count == nil else {
                throw ModelError(.typeMismatch, "\(scope.what) reads array '\(d.name)' without an index", at: scope.location)
            }
            return sc == .global ? .global(idx, v.type) : .local(idx, .current, v.type)
        case .element(let d, let i):
            let (sc, idx, v) = try resolve(d, scope)
            guard v.count != nil else {
                throw ModelError(.typeMismatch, "\(scope.what) indexes scalar '\(d.name)'", at: scope.location)
            }
            let ti = try index(i, scope)
            return sc == .global ? .globalElement(idx, ti, v.type) : .localElement(idx, .current, ti, v.type)
        case .localOf(let kind, let n, let name, let idx):
            let (k, flat) = try instance(kind, n, scope)
            guard let li = kindLocalIndex[k][name] else {
                throw ModelError(.unknownVariable, "\(scope.what) names local '\(name)', which process '\(kind)' "
                                 + "does not declare; valid: " + kindLocals[k].map(\.name).joined(separator: ", "),
                                 at: scope.location)
            }
            let v = kindLocals[k][li]
            let inst = InstanceSel.fixed(flat)
            if let idx {
                guard v.count != nil else {
                    throw ModelError(.typeMismatch, "\(scope.what) indexes scalar '\(name)'", at: scope.location)
                }
                return .localElement(li, inst, try index(idx, scope), v.type)
            }
            guard v.count == nil else {
                throw ModelError(.typeMismatch, "\(scope.what) reads array '\(name)' without an index", at: scope.location)
            }
            return .local(li, inst, v.type)
        case .at(let kind, let n, let label):
            let (k, flat) = try instance(kind, n, scope)
            guard let s = kindLabels[k][label] else {
                throw ModelError(.unknownLabel, "\(scope.what) names unknown label '\(label)' of process '\(kind)'; valid: "
                                 + kindLabels[k].sorted { $0.value < $1.value }.map(\.key).joined(separator: ", "),
                                 at: scope.location)
            }
            return .pcIs(instance: flat, step: s)
        case .finished(let kind, let n):
            let (k, flat) = try instance(kind, n, scope)
            return .pcIs(instance: flat, step: kindLabels[k].count)
        case .selfIndex:
            guard scope.kind != nil else {
                throw ModelError(.invalid, "\(scope.what) uses self outside a process", at: scope.location)
            }
            return .selfIndex
        case .unary(let op, let a):
            let ta = try typed(a, hint: op == .not ? .bool : hint, scope)
            switch op {
            case .not:
                try expectBool(ta, "the operand of !", scope)
                return .unary(.not, ta, .bool)
            case .complement, .negate:
                guard ta.type.isInteger else {
                    throw ModelError(.typeMismatch, "\(scope.what): \(op.rawValue) needs an integer, not \(ta.type)",
                                     at: scope.location)
                }
                let pt = TypeRules.promote(ta.type)
                return .unary(op, try converted(ta, to: pt, "operand", scope), pt)
            }
        case .binary(let op, let a, let b):
            return try binary(op, a, b, hint: hint, scope)
        case .ite(let c, let a, let b):
            let tc = try typed(c, hint: .bool, scope)
            try expectBool(tc, "the condition of ite", scope)
            let (ta, tb) = try pair(a, b, hint: hint, scope)
            if ta.type == tb.type { return .ite(tc, ta, tb, ta.type) }
            guard ta.type.isInteger && tb.type.isInteger else {
                throw ModelError(.typeMismatch, "\(scope.what): the branches of ite have types \(ta.type) and \(tb.type)",
                                 at: scope.location)
            }
            let ct = TypeRules.common(ta.type, tb.type)
            return .ite(tc, try converted(ta, to: ct, "branch", scope), try converted(tb, to: ct, "branch", scope), ct)
        }
    }

    func instance(_ kind: String, _ n: Int, _ scope: Scope) throws -> (Int, Int) {
        guard let k = kindDecls.firstIndex(where: { $0.name == kind }) else {
            throw ModelError(.unknownVariable, "\(scope.what) names unknown process '\(kind)'; valid: "
                             + kindDecls.map(\.name).joined(separator: ", "), at: scope.location)
        }
        guard n >= 0, n < kindDecls[k].instances else {
            throw ModelError(.invalid, "\(scope.what) names \(kind)[\(n)], but '\(kind)' has \(kindDecls[k].instances) "
                             + "instance(s)", at: scope.location)
        }
        return (k, kindFirst[k] + n)
    }

    /// Types two operands, letting an untyped literal take the other side's type.
    func pair(_ a: Expr, _ b: Expr, hint: ValueType?, _ scope: Scope) throws -> (TExpr, TExpr) {
        let la = Self.isUntypedLiteral(a), lb = Self.isUntypedLiteral(b)
        if la && !lb {
            let tb = try typed(b, hint: hint, scope)
            let ah: ValueType = tb.type.isInteger ? TypeRules.promote(tb.type) : tb.type
            return (try typed(a, hint: ah, scope), tb)
        }
        let ta = try typed(a, hint: la ? hint : nil, scope)
        let bh: ValueType = ta.type.isInteger ? TypeRules.promote(ta.type) : ta.type
        return (ta, try typed(b, hint: lb ? bh : nil, scope))
    }

    func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr, hint: ValueType?, _ scope: Scope) throws -> TExpr {
        if op.isLogical {
            let ta = try typed(a, hint: .bool, scope), tb = try typed(b, hint: .bool, scope)
            try expectBool(ta, "the left operand of \(op.rawValue)", scope)
            try expectBool(tb, "the right operand of \(op.rawValue)", scope)
            return .binary(op, ta, tb, operand: .bool, result: .bool)
        }
        let (ta, tb) = try pair(a, b, hint: op.isComparison ? nil : hint, scope)
        let mismatch = ModelError(.typeMismatch, "\(scope.what): \(a.rendered) \(op.rawValue) \(b.rendered) "
                                  + "mixes \(ta.type) and \(tb.type)", at: scope.location)
        if op == .eq || op == .ne, !ta.type.isInteger || !tb.type.isInteger {
            guard ta.type == tb.type else { throw mismatch }
            return .binary(op, ta, tb, operand: ta.type, result: .bool)
        }
        guard ta.type.isInteger && tb.type.isInteger else { throw mismatch }
        if op == .shl || op == .shr {
            let pt = TypeRules.promote(ta.type)
            return .binary(op, try converted(ta, to: pt, "shift", scope), try converted(tb, to: pt, "shift", scope),
                           operand: pt, result: pt)
        }
        let ct = TypeRules.common(ta.type, tb.type)
        let ca = try converted(ta, to: ct, "operand", scope), cb = try converted(tb, to: ct, "operand", scope)
        return .binary(op, ca, cb, operand: ct, result: op.isComparison ? .bool : ct)
    }

    // MARK: invariants

    func invariant(_ inv: InvariantDecl) throws -> InvariantIR {
        let scope = Scope(kind: nil, kindName: "", location: inv.location, what: "invariant '\(inv.name)'")
        var clauses: [InvariantClause] = []
        for c in try instantiations(inv.quantified, scope) {
            let t = try typed(inv.body(c), hint: .bool, scope)
            try expectBool(t, "the invariant", scope)
            clauses.append(InvariantClause(instantiation: Self.instantiationName(c), condition: t))
        }
        return InvariantIR(name: inv.name, clauses: clauses)
    }

    /// Every choice of distinct instances for the quantified kinds, in order (one empty choice
    /// when nothing is quantified).
    func instantiations(_ quantified: [String], _ scope: Scope) throws -> [[InstanceRef]] {
        var choices: [[InstanceRef]] = [[]]
        for kindName in quantified {
            guard let k = kindDecls.firstIndex(where: { $0.name == kindName }) else {
                throw ModelError(.unknownVariable, "\(scope.what) is quantified over unknown process '\(kindName)'; "
                                 + "valid: " + kindDecls.map(\.name).joined(separator: ", "), at: scope.location)
            }
            var next: [[InstanceRef]] = []
            for c in choices {
                for i in 0..<kindDecls[k].instances {
                    let r = InstanceRef(kind: kindName, index: i)
                    if c.contains(where: { $0.kind == r.kind && $0.index == r.index }) { continue }
                    next.append(c + [r])
                }
            }
            choices = next
        }
        return choices
    }

    static func instantiationName(_ choice: [InstanceRef]) -> String {
        choice.map { "\($0.kind)[\($0.index)]" }.joined(separator: ", ")
    }

    // MARK: liveness

    func liveness(_ decl: LivenessDecl) throws -> LivenessIR {
        let scope = Scope(kind: nil, kindName: "", location: decl.location, what: "liveness property '\(decl.name)'")
        func condition(_ e: Expr, _ role: String) throws -> TExpr {
            let t = try typed(e, hint: .bool, scope)
            try expectBool(t, role, scope)
            return t
        }
        func formula(_ f: Temporal) throws -> LivenessFormula {
            switch f {
            case .eventually(let p): return .eventually(try condition(p, "the condition of Eventually"))
            case .leadsTo(let p, let q):
                return .leadsTo(try condition(p, "the left side of LeadsTo"), try condition(q, "the right side of LeadsTo"))
            case .always(.eventually(let p)): return .infinitelyOften(try condition(p, "the condition of Always(Eventually)"))
            case .always(.leadsTo(let p, let q)): return try formula(.leadsTo(p, q))
            case .always(.always(let inner)): return try formula(.always(inner))
            }
        }
        let clauses = try instantiations(decl.quantified, scope).map { c in
            LivenessClause(instantiation: Self.instantiationName(c), formula: try formula(decl.body(c)))
        }
        return LivenessIR(name: decl.name, clauses: clauses, location: decl.location)
    }
}
