import ProtocolDSL

/// Static read and write sets of every transition, and which pairs commute.
///
/// Two transitions of different instances are independent when neither writes a slot the
/// other reads or writes. Reads include the guard, lock availability (every instance's hold
/// of the lock) and the instance's own program counter; writes include the program counter
/// and the lock hold. Independent transitions commute and cannot enable or disable each
/// other. The error slot is left out: whether a step raises an error depends only on what it
/// reads, and the encoder exempts a pair whose second step raised one (see `orderIndependent`).
struct Independence {
    /// `independent[j1][j2]`.
    let independent: [[Bool]]
    /// Whether some transition of a higher instance is independent of `j`.
    let hasHigherIndependent: [Bool]

    init(layout: StateLayout, transitions: [(instance: Int, step: Int)]) {
        let program = layout.program
        var reads: [Set<Int>] = [], writes: [Set<Int>] = []
        for (i, p) in transitions {
            var r = Set<Int>(), w = Set<Int>()
            var canFail = false  // kept for clarity of the collectors; errors are handled by the encoder
            let step = program.steps(of: i)[p]
            r.insert(layout.pcSlot[i]); w.insert(layout.pcSlot[i])
            if let g = step.guardExpr { Self.collect(g, i, layout, &r, &canFail) }
            if let a = step.acquire {
                r.formUnion(layout.lockSlot[a.lock])
                w.insert(layout.lockSlot[a.lock][i])
            }
            Self.collect(step.body, i, layout, &r, &w, &canFail)
            reads.append(r)
            writes.append(w)
        }
        var ind: [[Bool]] = []
        for a in transitions.indices {
            var row: [Bool] = []
            for b in transitions.indices {
                let differ = transitions[a].instance != transitions[b].instance
                row.append(differ && writes[a].isDisjoint(with: reads[b].union(writes[b]))
                           && writes[b].isDisjoint(with: reads[a]))
            }
            ind.append(row)
        }
        independent = ind
        hasHigherIndependent = transitions.indices.map { j in
            transitions.indices.contains { ind[$0][j] && transitions[$0].instance > transitions[j].instance }
        }
    }

    static func slots(global g: Int, _ layout: StateLayout) -> Range<Int> {
        let base = layout.globalBase[g]
        return base..<(base + layout.program.globals[g].slots)
    }

    static func slots(local l: Int, instance i: Int, _ layout: StateLayout) -> Range<Int> {
        let base = layout.localBase[i][l]
        let kind = layout.program.kinds[layout.program.instances[i].kind]
        return base..<(base + kind.locals[l].slots)
    }

    static func collect(_ body: [TStmt], _ i: Int, _ layout: StateLayout, _ r: inout Set<Int>, _ w: inout Set<Int>,
                        _ canFail: inout Bool) {
        for st in body {
            switch st {
            case .assign(let lv, let e):
                collect(e, i, layout, &r, &canFail)
                target(lv, i, layout, &r, &w, &canFail)
            case .ifElse(let c, let a, let b):
                collect(c, i, layout, &r, &canFail)
                collect(a, i, layout, &r, &w, &canFail)
                collect(b, i, layout, &r, &w, &canFail)
            case .goto, .terminate: break
            case .release(let l):
                r.insert(layout.lockSlot[l][i]); w.insert(layout.lockSlot[l][i])
                canFail = true
            case .choose(let lv, _, _, _):
                target(lv, i, layout, &r, &w, &canFail)
            case .assert(let c, _):
                collect(c, i, layout, &r, &canFail)
                canFail = true
            }
        }
    }

    static func target(_ lv: LValue, _ i: Int, _ layout: StateLayout, _ r: inout Set<Int>, _ w: inout Set<Int>,
                       _ canFail: inout Bool) {
        var range = lv.scope == .global ? slots(global: lv.variable, layout) : slots(local: lv.variable, instance: i, layout)
        if let ie = lv.index, case .const(let v, _) = ie, v < UInt64(range.count) {
            range = (range.lowerBound + Int(v))..<(range.lowerBound + Int(v) + 1)
        }
        w.formUnion(range)
        if let ie = lv.index {
            collect(ie, i, layout, &r, &canFail)
            canFail = true
        }
    }

    static func collect(_ e: TExpr, _ i: Int, _ layout: StateLayout, _ r: inout Set<Int>, _ canFail: inout Bool) {
        switch e {
        case .const, .selfIndex: break
        case .global(let g, _): r.formUnion(slots(global: g, layout))
        case .globalElement(let g, let ie, _):
            let all = slots(global: g, layout)
            if case .const(let v, _) = ie, v < UInt64(all.count) {
                r.insert(all.lowerBound + Int(v))
                return
            }
            r.formUnion(all)
            collect(ie, i, layout, &r, &canFail)
            canFail = true
        case .local(let l, let sel, _):
            r.formUnion(slots(local: l, instance: sel.resolved(executing: i), layout))
        case .localElement(let l, let sel, let ie, _):
            r.formUnion(slots(local: l, instance: sel.resolved(executing: i), layout))
            collect(ie, i, layout, &r, &canFail)
            canFail = true
        case .pcIs(let inst, _): r.insert(layout.pcSlot[inst])
        case .unary(_, let a, _), .convert(let a, _): collect(a, i, layout, &r, &canFail)
        case .binary(_, let a, let b, _, _):
            collect(a, i, layout, &r, &canFail)
            collect(b, i, layout, &r, &canFail)
        case .ite(let c, let a, let b, _):
            collect(c, i, layout, &r, &canFail)
            collect(a, i, layout, &r, &canFail)
            collect(b, i, layout, &r, &canFail)
        }
    }
}
