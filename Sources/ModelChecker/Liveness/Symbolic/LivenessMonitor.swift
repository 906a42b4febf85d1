import ProtocolDSL
import SMT

/// The monitor of the liveness-to-safety translation (Biere, Artho and Schuppan, 2002) of one
/// liveness clause, over the BMC encoding's states.
///
/// The translated state is the program's state and a monitor state of 1-bit flags and a copy:
/// - `saved` and `copy`: at any step, while nothing is saved, the step may save the state it
///   starts from (an oracle bit), which opens the loop (until then the copy is the current state);
/// - per instance, since the save: `moved` (it took a step), `enabledAll` (it was enabled in
///   every state), `enabledAny` (in some state);
/// - `seen`, since the save: the clause's loop condition held in some state (`p` for `[]<> p`,
///   `q` for `p ~> q`; unused for `<> p`);
/// - `history`, over the whole execution: `p` held so far (`<> p`), or `p` held with `q` false
///   ever since (`p ~> q`: the obligation is open).
///
/// The translated safety problem's bad states are the lassos that violate the clause: the loop
/// is closed (`saved` and the state equals `copy`), fair to every instance (weak: it moved or
/// was disabled somewhere in the loop; strong: it moved or was disabled everywhere in it) and
/// accepting (`<> p`: `p` never held; `[]<> p`: not in the loop; `p ~> q`: the obligation is
/// open and `q` held nowhere in the loop); or a state where nothing can move (it repeats
/// forever) in which the clause is already false for good. The copy is compared on the
/// program's slots only; the flags are functions of the execution so far.
struct LivenessMonitor {
    let enc: Encoder
    let formula: LivenessFormula
    let fairness: [Fairness]

    init(encoder: Encoder, clause: LivenessClause) {
        enc = encoder
        formula = clause.formula
        fairness = encoder.program.instances.map { encoder.program.kinds[$0.kind].fairness }
    }

    var instances: Int { fairness.count }
    var slots: Int { enc.layout.count }

    /// The widths of a monitor state's terms: saved, copy, moved, enabledAll, enabledAny, seen, history.
    var widths: [Int] { [1] + enc.layout.widths + Array(repeating: 1, count: 3 * instances) + [1, 1] }

    // MARK: reading a monitor state

    func flag(_ v: BitVecTerm) -> BoolTerm { v.eq(enc.lit(1, 1)) }
    func bit(_ b: BoolTerm) -> BitVecTerm { b.ite(enc.lit(1, 1), enc.lit(0, 1)) }

    func saved(_ m: [BitVecTerm]) -> BoolTerm { flag(m[0]) }
    func copy(_ m: [BitVecTerm]) -> [BitVecTerm] { Array(m[1...slots]) }
    func moved(_ m: [BitVecTerm], _ i: Int) -> BoolTerm { flag(m[1 + slots + i]) }
    func enabledAll(_ m: [BitVecTerm], _ i: Int) -> BoolTerm { flag(m[1 + slots + instances + i]) }
    func enabledAny(_ m: [BitVecTerm], _ i: Int) -> BoolTerm { flag(m[1 + slots + 2 * instances + i]) }
    func seen(_ m: [BitVecTerm]) -> BoolTerm { flag(m[m.count - 2]) }
    func history(_ m: [BitVecTerm]) -> BoolTerm { flag(m[m.count - 1]) }

    // MARK: conditions

    func holds(_ e: TExpr, _ s: [BitVecTerm]) -> BoolTerm {
        var oob = enc.fls
        return enc.eval(e, s, nil, &oob).asBool
    }

    /// Instance `i` can move in the state whose transitions are enabled as `en`.
    func instanceEnabled(_ en: [BoolTerm], _ i: Int) -> BoolTerm {
        BoolTerm.or(enc.transitions.indices.filter { enc.transitions[$0].instance == i }.map { en[$0] }, in: enc.ctx)
    }

    /// The whole-execution flag after a state `s` whose predecessor's flag was `before`.
    func historyAfter(_ before: BoolTerm, _ s: [BitVecTerm]) -> BoolTerm {
        switch formula {
        case .eventually(let p): return before || holds(p, s)
        case .leadsTo(let p, let q): return (before || holds(p, s)) && !holds(q, s)
        case .infinitelyOften: return enc.fls
        }
    }

    /// The condition the loop must never meet (`seen`), in state `s`.
    func loopCondition(_ s: [BitVecTerm]) -> BoolTerm {
        switch formula {
        case .eventually: return enc.fls
        case .infinitelyOften(let p): return holds(p, s)
        case .leadsTo(_, let q): return holds(q, s)
        }
    }

    // MARK: the translation

    /// The monitor state of the initial state `s0`: nothing saved, the copy is `s0`.
    func initial(_ s0: [BitVecTerm]) -> [BitVecTerm] {
        let n = instances
        return [bit(enc.fls)] + s0 + Array(repeating: bit(enc.fls), count: n) + Array(repeating: bit(enc.tru), count: n)
            + Array(repeating: bit(enc.fls), count: n) + [bit(enc.fls), bit(historyAfter(enc.fls, s0))]
    }

    /// The monitor state after a step from `s` (monitor `m`, transitions enabled as `en`) taken
    /// by the transition whose pick is true among `picks`, to `n`; `save` is the step's oracle
    /// bit (it may save only while nothing is saved: `saveAllowed`).
    ///
    /// While nothing is saved, the copy follows the state and the loop's flags keep their reset
    /// values, so that unsaved translated states differ only in the program's state and
    /// `history` (fewer distinct states: shorter simple paths for BMC and k-induction, and a
    /// simpler invariant for Spacer).
    func next(_ m: [BitVecTerm], _ s: [BitVecTerm], _ en: [BoolTerm], _ picks: [BoolTerm], save: BoolTerm,
              _ n: [BitVecTerm]) -> [BitVecTerm] {
        let ctx = enc.ctx
        let open = save || saved(m), fresh = save || !saved(m)
        var moved: [BitVecTerm] = [], all: [BitVecTerm] = [], any: [BitVecTerm] = []
        for i in 0..<instances {
            let byI = BoolTerm.or(enc.transitions.indices.filter { enc.transitions[$0].instance == i }.map { picks[$0] },
                                  in: ctx)
            let e = instanceEnabled(en, i)
            moved.append(bit(open && ((!fresh && self.moved(m, i)) || byI)))
            all.append(bit(!open || ((fresh || enabledAll(m, i)) && e)))
            any.append(bit(open && ((!fresh && enabledAny(m, i)) || e)))
        }
        let copy = (0..<slots).map { k in save.ite(s[k], saved(m).ite(self.copy(m)[k], n[k])) }
        return [bit(open)] + copy + moved + all + any
            + [bit(open && ((!fresh && seen(m)) || loopCondition(s))), bit(historyAfter(history(m), n))]
    }

    /// The oracle may save only once.
    func saveAllowed(_ m: [BitVecTerm], save: BoolTerm) -> BoolTerm { save.implies(!saved(m)) }

    /// The loop closed in `s` is a fair violation of the clause.
    func loopViolation(_ s: [BitVecTerm], _ m: [BitVecTerm]) -> BoolTerm {
        let closed = saved(m) && KInductionProver.equal(s, copy(m), enc.ctx)
        var fair: [BoolTerm] = []
        for (i, f) in fairness.enumerated() {
            switch f {
            case .none: break
            case .weak: fair.append(moved(m, i) || !enabledAll(m, i))
            case .strong: fair.append(moved(m, i) || !enabledAny(m, i))
            }
        }
        let accepting: BoolTerm
        switch formula {
        case .eventually: accepting = !history(m)
        case .infinitelyOften: accepting = !seen(m)
        case .leadsTo: accepting = history(m) && !seen(m)
        }
        return closed && BoolTerm.and(fair, in: enc.ctx) && accepting
    }

    /// `s` is a state where nothing can move (it repeats forever) and the clause is false on
    /// the execution that stays there.
    func stutterViolation(_ s: [BitVecTerm], _ m: [BitVecTerm], _ en: [BoolTerm]) -> BoolTerm {
        let violated: BoolTerm
        switch formula {
        case .eventually: violated = !history(m)
        case .infinitelyOften(let p): violated = !holds(p, s)
        case .leadsTo: violated = history(m)
        }
        return !BoolTerm.or(en, in: enc.ctx) && violated
    }

    /// The translated problem's bad states.
    func bad(_ s: [BitVecTerm], _ m: [BitVecTerm], _ en: [BoolTerm]) -> BoolTerm {
        loopViolation(s, m) || stutterViolation(s, m, en)
    }
}
