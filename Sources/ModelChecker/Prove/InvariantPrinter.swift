import ProtocolDSL
import SMT

/// Prints an invariant over state variables in the model's own terms: slot names
/// (`mmu_notifier_seq`, `vcpu[0].mmu_seq`), `vcpu[0]@label` for a program counter, rendered
/// values (`free`, `exclusive`, `true`) for comparisons of a slot with a constant.
struct InvariantPrinter {
    let layout: StateLayout
    /// Constant name -> slot.
    let slotOf: [String: Int]

    init(layout: StateLayout, stateVariables: [BitVecTerm]) {
        self.layout = layout
        var m: [String: Int] = [:]
        for (k, v) in stateVariables.enumerated() {
            if case .constant(let name) = v.term.shape { m[name] = k }
        }
        slotOf = m
    }

    /// The top-level conjuncts, one string each (`true` when there are none).
    func conjuncts(_ f: BoolTerm) -> [String] {
        if case .app("and", let args, _) = f.term.shape { return args.map { render($0, top: true) } }
        return [render(f.term, top: true)]
    }

    func slot(_ t: Term) -> Int? {
        if case .constant(let name) = t.shape { return slotOf[name] }
        return nil
    }

    /// `slot == value` in model terms.
    func equality(_ slot: Int, _ value: UInt64) -> String {
        let name = layout.names[slot]
        switch layout.roles[slot] {
        case .pc(let i):
            return "\(layout.program.instanceName(i))@\(layout.render(slot: slot, value))"
        default:
            if layout.valueType(ofSlot: slot) == .bool { return value == 0 ? "!\(name)" : name }
            return "\(name) == \(layout.render(slot: slot, value))"
        }
    }

    func render(_ t: Term, top: Bool = false) -> String {
        let s = renderBare(t)
        return top || !s.contains(" ") || s.hasPrefix("!") && !s.dropFirst().contains(" ") ? s : "(\(s))"
    }

    static let infix: [String: String] = [
        "bvule": "<=", "bvult": "<", "bvuge": ">=", "bvugt": ">", "bvsle": "<=s", "bvslt": "<s", "bvsge": ">=s",
        "bvsgt": ">s", "bvadd": "+", "bvsub": "-", "bvmul": "*", "bvand": "&", "bvor": "|", "bvxor": "^",
        "=>": "=>", "and": "&&", "or": "||", "=": "==",
    ]

    func renderBare(_ t: Term) -> String {
        switch t.shape {
        case .bool(let b): return b ? "true" : "false"
        case .bitVector(let v, _): return String(v)
        case .constant(let name): return slotOf[name].map { layout.names[$0] } ?? name
        case .boundVariable(let i): return "var\(i)"
        case .other(let text): return text
        case .app(let op, let args, let params):
            if op == "=", args.count == 2 {
                if let k = slot(args[0]), case .bitVector(let v, _) = args[1].shape { return equality(k, v) }
                if let k = slot(args[1]), case .bitVector(let v, _) = args[0].shape { return equality(k, v) }
            }
            if op == "not", args.count == 1 {
                if case .app("=", let e, _) = args[0].shape, e.count == 2, let neg = negatedEquality(e[0], e[1]) {
                    return neg
                }
                return "!" + render(args[0])
            }
            if op == "extract", params.count == 2 { return "\(render(args[0]))[\(params[0]):\(params[1])]" }
            if op == "ite", args.count == 3 { return "\(render(args[0])) ? \(render(args[1])) : \(render(args[2]))" }
            if let sym = Self.infix[op], args.count >= 2 {
                return args.map { render($0) }.joined(separator: " \(sym) ")
            }
            return "\(op)(" + args.map { render($0, top: true) }.joined(separator: ", ") + ")"
        }
    }

    /// `!(slot == value)` in model terms, when one side is a slot and the other a numeral.
    func negatedEquality(_ a: Term, _ b: Term) -> String? {
        for (x, y) in [(a, b), (b, a)] {
            guard let k = slot(x), case .bitVector(let v, _) = y.shape else { continue }
            let eq = equality(k, v)
            if case .pc = layout.roles[k] { return "!" + eq }
            if layout.valueType(ofSlot: k) == .bool { return eq.hasPrefix("!") ? String(eq.dropFirst()) : "!" + eq }
            return eq.replacingOccurrences(of: " == ", with: " != ")
        }
        return nil
    }
}
