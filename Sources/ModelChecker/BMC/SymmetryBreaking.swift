import ProtocolDSL
import SMT

/// Symmetry-breaking constraints for BMC: of the executions that differ only by permuting the
/// members of a family (`Symmetry`), BMC keeps those in which
/// - first steps are in member order: member m(j) takes its first step only after every
///   member m(i), i < j, of its family took one; and
/// - of two members in the same local state, the lower one moves: member m(j) does not take a
///   step from a state in which some m(i), i < j, has the same program counter, the same
///   locals and the same lock holds.
///
/// Why this keeps a shortest counterexample, together with the partial-order reduction
/// (`Encoder.normalForm`). Order executions lexicographically by the flat index of the
/// instance taking each step (the order the normal form uses too). Let E be the least of all
/// the shortest violations (length k). Then E passes all three tests, because whichever one
/// it failed, a smaller shortest violation would exist:
/// - normal form: a factor `b u a` with a lower, independent `a` moves `a` before `b`; the
///   result reaches the same final state with the same reads (so the same errors), and no
///   state before its end is bad, else a violation shorter than k would exist (a last step
///   that raised an error is exempt from the normal form, and needs no such move);
/// - first steps: if m(j) steps first at position t while m(i), i < j, has not stepped yet,
///   swapping m(i) and m(j) in the whole execution (initial data choices included) changes
///   no position before t and puts m(i) at t. The swapped execution is one of the program:
///   its initial states, steps and properties are closed under a family's permutations
///   (`Symmetry`), and the partial-order reduction's independence is too (reads and writes
///   are per-instance slots, and no step names a member);
/// - same state: if m(i) and m(j), i < j, are in the same local state s at position t and
///   m(j) steps there, swapping m(i) and m(j) in the steps from t on is an execution from s
///   (the swap fixes s, as nothing else in a state belongs to a member), and it puts m(i) at t.
///   A family whose members store their ids (`Scalarset`) breaks that premise: the swap also
///   renames the ids held elsewhere in s, so it need not fix s, and the rule is off for it.
///   (First steps stay ordered there: before m(i) and m(j) step, no slot holds their ids.)
/// So the least one is kept, and with it the shortest length. The same argument on the good
/// executions of length k (the reordered ones stay good, or a shorter violation would have
/// been found) shows that "some step is enabled at depth k" is unchanged, so BMC's
/// full-depth answer stays exact. The two reductions each pick a representative, but the
/// same one (the least), which is why combining them is sound; a representative picked by
/// another order would not do (ordering first steps from the highest member down, with the
/// normal form preferring low members, loses a 3-thread ticket lock's violation: see
/// `BMCSymmetryBreakingTests`). Traces stay concrete executions, so they replay unchanged.
///
/// Distinct counterexamples (`--max-counterexamples` above 1) are told apart up to permuting
/// a family in the whole execution (`CounterexampleClasses`). The same-state rule permutes
/// only a suffix, so it would merge counterexamples that are distinct in that sense; BMC
/// then orders first steps only (every class has a member with ordered first steps, the one
/// `CounterexampleClasses` ranks by). Longer counterexamples are kept under the caveat of the
/// normal form alone: the reordering of a longer one may pass a bad state, and BMC may miss it.
struct SymmetryBreaking {
    /// One member of a family: its flat index, its transitions (indices into
    /// `Encoder.transitions`) and its slots (locals, program counter, lock holds, in layout order).
    struct Member {
        let instance: Int
        let transitions: [Int]
        let slots: [Int]
    }

    /// The families, each with its members in order.
    let families: [[Member]]
    /// Per family: whether the same-state rule is on (else only first steps are ordered).
    let sameState: [Bool]
    /// Per family and member: whether it took a step in the steps constrained so far (nil: not possibly).
    private var started: [[BoolTerm?]]
    /// How many constraints have been asserted.
    private(set) var constraints = 0

    /// The constraints for `symmetry`'s families, or nil when there are none; `sameState: false`
    /// orders first steps only.
    init?(_ symmetry: Symmetry, encoder: Encoder, sameState: Bool = true) {
        guard !symmetry.isTrivial else { return nil }
        self.sameState = symmetry.scalarsets.map { sameState && $0 == nil }
        let layout = encoder.layout
        families = symmetry.families.map { members in
            members.map { i in
                Member(instance: i,
                       transitions: encoder.transitions.indices.filter { encoder.transitions[$0].instance == i },
                       slots: layout.slots(ofInstance: i))
            }
        }
        started = families.map { Array(repeating: nil, count: $0.count) }
    }

    /// Constrains step `v`, taken from state `s`, and records who has started after it.
    mutating func constrain(_ v: Encoder.StepVars, from s: [BitVecTerm], _ ctx: Z3Context, _ solver: Solver) {
        for (f, members) in families.enumerated() {
            let moves = members.map { m in BoolTerm.or(m.transitions.map { v.picks[$0] }, in: ctx) }
            var mayMove = [true]
            for (j, m) in members.enumerated() where j > 0 {
                // First steps in order: m(j) moves once it has started or m(j-1) has (then so have
                // all before it); before m(j-1) can have started, m(j) cannot move at all.
                guard let before = started[f][j - 1] else {
                    solver.assert(!moves[j])
                    constraints += 1
                    mayMove.append(false)
                    continue
                }
                var allowed = [started[f][j].map { $0 || before } ?? before]
                // Same local state as a lower member: the lower one moves instead.
                for lower in members[..<j] where sameState[f] {
                    let same = zip(lower.slots, m.slots).map { s[$0.0].eq(s[$0.1]) }
                    allowed.append(!BoolTerm.and(same, in: ctx))
                }
                solver.assert(moves[j].implies(BoolTerm.and(allowed, in: ctx)))
                constraints += 1
                mayMove.append(true)
            }
            for j in members.indices where mayMove[j] {
                started[f][j] = started[f][j].map { $0 || moves[j] } ?? moves[j]
            }
        }
    }
}
