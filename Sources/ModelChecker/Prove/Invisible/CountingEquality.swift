import ProtocolDSL
import SMT

/// A counter that counts instances: `g == g0 + sum over instances of weight(kind, pc)`, e.g.
/// `mmu_notifier_count` is the number of invalidators between `inv.begin` and `inv.end`.
///
/// The weights come from the steps: each step adds a constant to `g` along each of its paths
/// (`g <- g + c`, `g <- g - c`, nothing else writes `g`), so the weight of the pc a path
/// leads to is the weight of the step's pc plus that constant, starting from 0 at the first
/// step. A counter a step writes any other way, or whose weights disagree along two paths,
/// has no equality. Candidates are checked on the small instance's reachable states before
/// they join an invariant, and the invariant is re-checked at the real size.
struct CountingEquality {
    /// The scalar global.
    let global: Int
    /// Its initial value.
    let initial: Int64
    /// Per kind that writes it, the weight of each pc (`steps.count` is "terminated").
    let weights: [Int: [Int64]]

    /// The equalities of the scalar integer globals of `program` among `counters`' variables.
    static func all(in program: Program, counters: [Counters.Class]) -> [CountingEquality] {
        var out: [CountingEquality] = []
        for (g, variable) in program.globals.enumerated() where variable.slots == 1 {
            guard counters.contains(where: { $0.variables.contains(.global(g)) }),
                  let range = variable.initial.first, range.lowerBound == range.upperBound else { continue }
            var weights: [Int: [Int64]] = [:]
            var ok = true
            for (k, kind) in program.kinds.enumerated() where ok {
                guard let w = Self.weights(of: g, in: kind) else { ok = false; break }
                if w.contains(where: { $0 != 0 }) { weights[k] = w }
            }
            if ok, !weights.isEmpty { out.append(CountingEquality(global: g, initial: range.lowerBound, weights: weights)) }
        }
        return out
    }

    /// The weight of each pc of `kind` for global `g`, or nil when they are not determined.
    static func weights(of g: Int, in kind: ProcessKind) -> [Int64]? {
        var weight = [Int64?](repeating: nil, count: kind.steps.count + 1)
        weight[0] = 0
        var work = [0]
        while let pc = work.popLast() {
            guard pc < kind.steps.count, let here = weight[pc] else { continue }
            let step = kind.steps[pc]
            guard let exits = paths(step.body, global: g, next: step.fallthroughStep,
                                    terminated: kind.steps.count) else { return nil }
            for (target, delta) in exits {
                let w = here &+ delta
                if let known = weight[target] {
                    if known != w { return nil }
                } else {
                    weight[target] = w
                    work.append(target)
                }
            }
        }
        return weight.map { $0 ?? 0 }
    }

    /// The (next pc, change of `g`) of every path through `body`, or nil when a statement
    /// writes `g` other than by adding a constant.
    static func paths(_ body: [TStmt], global g: Int, next: Int, terminated: Int) -> [(Int, Int64)]? {
        func walk(_ rest: ArraySlice<TStmt>, _ delta: Int64) -> [(Int, Int64)]? {
            guard let first = rest.first else { return [(next, delta)] }
            let tail = rest.dropFirst()
            switch first {
            case .assign(let lv, let e) where lv.scope == .global && lv.variable == g:
                let scalar: (TExpr) -> Scalarset.Variable? = { x in
                    switch x {
                    case .global(let v, _): return .global(v)
                    case .convert(.global(let v, _), _): return .global(v)
                    default: return nil
                    }
                }
                guard let step = Counters.bump(e, of: .global(g), scalar: scalar) else { return nil }
                return walk(tail, delta &+ step)
            case .choose(let lv, _, _, _) where lv.scope == .global && lv.variable == g:
                return nil
            case .ifElse(_, let a, let b):
                guard let pa = walk(ArraySlice(a + Array(tail)), delta),
                      let pb = walk(ArraySlice(b + Array(tail)), delta) else { return nil }
                return pa + pb
            case .goto(let target):
                return [(target, delta)]
            case .terminate:
                return [(terminated, delta)]
            default:
                return walk(tail, delta)
            }
        }
        return walk(ArraySlice(body), 0)
    }

    /// The sum the equality states, on a concrete state of `layout`.
    func holds(_ state: [UInt64], layout: StateLayout) -> Bool {
        let slot = layout.globalBase[global]
        var sum = initial
        for (k, w) in weights {
            let kind = layout.program.kinds[k]
            for i in kind.firstInstance..<(kind.firstInstance + kind.instances) {
                sum = sum &+ w[Int(state[layout.pcSlot[i]])]
            }
        }
        let width = layout.widths[slot]
        let mask: UInt64 = width >= 64 ? .max : (1 << UInt64(width)) - 1
        return UInt64(bitPattern: sum) & mask == state[slot] & mask
    }

    /// The equality over the state variables `s` of `layout`.
    func formula(over s: [BitVecTerm], layout: StateLayout, in ctx: Z3Context) -> BoolTerm {
        let slot = layout.globalBase[global]
        let width = layout.widths[slot]
        func literal(_ v: Int64) -> BitVecTerm { BitVecTerm.literal(UInt64(bitPattern: v), width: width, in: ctx) }
        var sum = literal(initial)
        for (k, w) in weights.sorted(by: { $0.key < $1.key }) {
            let kind = layout.program.kinds[k]
            for i in kind.firstInstance..<(kind.firstInstance + kind.instances) {
                let pc = s[layout.pcSlot[i]]
                for (p, weight) in w.enumerated() where weight != 0 {
                    let here = pc.eq(BitVecTerm.literal(UInt64(p), width: pc.width, in: ctx))
                    sum = sum + here.ite(literal(weight), literal(0))
                }
            }
        }
        return s[slot].eq(sum)
    }

    /// `g == g0 + #kind@{labels} - ...` in the model's terms.
    func line(_ program: Program) -> String {
        var terms: [String] = []
        for (k, w) in weights.sorted(by: { $0.key < $1.key }) {
            let kind = program.kinds[k]
            for weight in Set(w).filter({ $0 != 0 }).sorted() {
                let labels = w.indices.filter { w[$0] == weight }.map { $0 < kind.steps.count ? kind.steps[$0].label : "done" }
                let count = "#\(kind.name)@{\(labels.joined(separator: ", "))}"
                terms.append(weight == 1 ? count : "\(weight) * \(count)")
            }
        }
        let head = initial == 0 ? "" : "\(initial) + "
        return "\(program.globals[global].name) == \(head)\(terms.joined(separator: " + "))"
    }
}
