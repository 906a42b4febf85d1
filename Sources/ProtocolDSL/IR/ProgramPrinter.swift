/// Prints a typed program back in the model's own terms (for `mmuspec show`).
public struct ProgramPrinter: Sendable {
    /// The program printed.
    public let program: Program

    /// Creates a printer.
    public init(_ program: Program) { self.program = program }

    /// An expression, reading locals of `kind` (nil outside a process).
    public func render(_ e: TExpr, kind: Int?) -> String {
        switch e {
        case .const(let v, let t): return t.render(v)
        case .global(let g, _): return program.globals[g].name
        case .globalElement(let g, let i, _): return "\(program.globals[g].name)[\(render(i, kind: kind))]"
        case .local(let l, let sel, _): return localName(l, sel, kind)
        case .localElement(let l, let sel, let i, _): return "\(localName(l, sel, kind))[\(render(i, kind: kind))]"
        case .pcIs(let inst, let step):
            let steps = program.steps(of: inst)
            return "\(program.instanceName(inst))@\(step < steps.count ? steps[step].label : "done")"
        case .selfIndex: return "self"
        case .unary(let op, let a, _): return op.rawValue + operand(a, kind)
        case .binary(let op, let a, let b, _, _): return "\(operand(a, kind)) \(op.rawValue) \(operand(b, kind))"
        case .convert(let a, let t): return "(\(t))\(operand(a, kind))"
        case .ite(let c, let a, let b, _): return "(\(render(c, kind: kind)) ? \(render(a, kind: kind)) : \(render(b, kind: kind)))"
        }
    }

    func operand(_ e: TExpr, _ kind: Int?) -> String {
        if case .binary = e { return "(\(render(e, kind: kind)))" }
        return render(e, kind: kind)
    }

    func localName(_ l: Int, _ sel: InstanceSel, _ kind: Int?) -> String {
        switch sel {
        case .current: return program.kinds[kind ?? 0].locals[l].name
        case .fixed(let f):
            let k = program.instances[f].kind
            return "\(program.instanceName(f)).\(program.kinds[k].locals[l].name)"
        }
    }

    /// The statements of a step body, one per line, indented.
    public func render(_ body: [TStmt], kind: Int, indent: String) -> [String] {
        var lines: [String] = []
        let k = program.kinds[kind]
        for st in body {
            switch st {
            case .assign(let lv, let e): lines.append(indent + "\(target(lv, kind)) <- \(render(e, kind: kind))")
            case .ifElse(let c, let a, let b):
                lines.append(indent + "if \(render(c, kind: kind)) {")
                lines += render(a, kind: kind, indent: indent + "  ")
                if !b.isEmpty {
                    lines.append(indent + "} else {")
                    lines += render(b, kind: kind, indent: indent + "  ")
                }
                lines.append(indent + "}")
            case .goto(let s): lines.append(indent + "goto \(s < k.steps.count ? k.steps[s].label : "done")")
            case .terminate: lines.append(indent + "terminate")
            case .release(let l): lines.append(indent + "release \(program.locks[l].name)")
            case .choose(let lv, let lo, let hi, _): lines.append(indent + "\(target(lv, kind)) <- any \(lo)...\(hi)")
            case .assert(let c, let msg): lines.append(indent + "assert \(render(c, kind: kind))  // \(msg)")
            }
        }
        return lines
    }

    func target(_ lv: LValue, _ kind: Int) -> String {
        let name = lv.scope == .global ? program.globals[lv.variable].name : program.kinds[kind].locals[lv.variable].name
        return lv.index.map { "\(name)[\(render($0, kind: kind))]" } ?? name
    }

    /// A liveness formula: `<>(p)`, `[]<>(p)`, `p ~> q`.
    public func render(_ f: LivenessFormula) -> String {
        switch f {
        case .eventually(let p): return "<>(\(render(p, kind: nil)))"
        case .infinitelyOften(let p): return "[]<>(\(render(p, kind: nil)))"
        case .leadsTo(let p, let q): return "\(operand(p, nil)) ~> \(operand(q, nil))"
        }
    }

    /// The whole program: globals, locks, processes with their labelled steps (and fairness),
    /// invariants, liveness properties.
    public func render() -> String {
        var out: [String] = []
        func initial(_ v: Variable) -> String {
            let parts = v.initial.map { r in
                r.lowerBound == r.upperBound ? v.type.render(v.type.normalize(UInt64(bitPattern: r.lowerBound)))
                    : "any \(r.lowerBound)...\(r.upperBound)"
            }
            return v.count == nil ? parts[0] : "[" + parts.joined(separator: ", ") + "]"
        }
        func decl(_ v: Variable) -> String {
            "\(v.name): \(v.type)" + (v.count.map { "[\($0)]" } ?? "") + " = \(initial(v))"
        }
        out.append("globals:")
        for g in program.globals { out.append("  " + decl(g)) }
        for l in program.locks { out.append("  \(l.name): \(l.kind.rawValue)") }
        for (k, kind) in program.kinds.enumerated() {
            out.append("process \(kind.name) x\(kind.instances)"
                       + (kind.fairness == .none ? "" : " (\(kind.fairness.rawValue) fairness)") + ":")
            for v in kind.locals { out.append("  local " + decl(v)) }
            for step in kind.steps {
                var head = "  \(step.label):"
                if let a = step.acquire { head += " acquire \(program.locks[a.lock].name) (\(a.mode.rawValue))" }
                if let g = step.guardExpr { head += " await \(render(g, kind: k))" }
                out.append(head)
                out += render(step.body, kind: k, indent: "    ")
            }
        }
        for inv in program.invariants {
            out.append("invariant \(inv.name):")
            for c in inv.clauses {
                out.append("  " + (c.instantiation.isEmpty ? "" : "[\(c.instantiation)] ") + render(c.condition, kind: nil))
            }
        }
        for property in program.liveness {
            out.append("liveness \(property.name):")
            for c in property.clauses {
                out.append("  " + (c.instantiation.isEmpty ? "" : "[\(c.instantiation)] ") + render(c.formula))
            }
        }
        return out.joined(separator: "\n")
    }
}
