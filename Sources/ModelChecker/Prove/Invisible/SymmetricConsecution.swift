import ProtocolDSL
import SMT

/// The consecution obligation of a symmetric invariant, cut down to representatives.
///
/// When the steps are unchanged by the permutations of each family's members (the families of
/// `Interchangeable` never read `selfIndex` nor name an instance; those of `Symmetry` rename
/// their stored ids along) and the invariant is a conjunction over every choice of members of
/// the same relation (`ProjectedInvariant`, ids and counters written relative to the view; the
/// counting equalities sum over all members), then a step of any member that breaks some
/// conjunct is the image, under a permutation, of a step of the family's first member that
/// breaks a conjunct whose other members are the next ones in order. So `Inv /\ Trans => Inv'`
/// holds once it holds for the steps of each family's first member and of every instance
/// outside the families, with only the conjuncts whose choice of members is canonical: in each
/// family, the first member (the one that may have moved) where it is chosen, and the others
/// numbered from the next member up in the order they are chosen.
///
/// At 16 vCPUs this takes the steps of 1 vCPU of 16, and of the conjuncts 2 of the 16 one-member
/// choices and 2 of the 120 pairs.
struct SymmetricConsecution {
    let slots: InstanceSlots

    /// The reduced obligation for `candidate` conjoined with `extra` (formulas over `s` that are
    /// unchanged by the permutations themselves, such as the counting equalities). With more
    /// than three members in some family, the conjuncts near the movers (`isNearby`) are the
    /// hypothesis tried first.
    func reduction(of candidate: ProjectedInvariant, and extra: [BoolTerm], over s: [BitVecTerm],
                   in ctx: Z3Context) -> CertificateChecker.Reduction {
        func part(_ keep: @escaping ([Int]) -> Bool) -> BoolTerm {
            BoolTerm.and([candidate.formula(at: slots, over: s, in: ctx, keeping: keep)] + extra, in: ctx)
        }
        let large = slots.familyKinds.contains { slots.members(ofKind: $0).count > 3 }
        return CertificateChecker.Reduction(movers: movers, post: part(isRepresentative),
                                            pre: large ? part(isNearby) : nil, note: note)
    }

    /// The instances whose steps are checked: each family's first member and every other instance.
    var movers: Set<Int> {
        let program = slots.layout.program
        return Set(program.instances.indices.filter { i in
            let k = program.instances[i].kind
            return !slots.familyKinds.contains(k) || slots.members(ofKind: k).first == i
        })
    }

    /// Whether the conjuncts for `members` (same-kind members ascending) are a canonical choice
    /// for a step of some mover.
    func isRepresentative(_ members: [Int]) -> Bool {
        let program = slots.layout.program
        // A mover outside every family: every member may be renamed.
        // A family's first member: it stays, the others are renamed.
        let kinds = Set(members.map { program.instances[$0].kind })
        let fixedChoices: [Int?] = [nil] + kinds.sorted().map { slots.members(ofKind: $0).first }
        return fixedChoices.contains { fixed in canonical(members, fixing: fixed) == members }
    }

    /// `members` renamed so that, per kind, `fixed` stays and the others are the kind's lowest
    /// members other than `fixed`, in the order they appear.
    func canonical(_ members: [Int], fixing fixed: Int?) -> [Int] {
        let program = slots.layout.program
        var next: [Int: [Int]] = [:]
        var renamed: [Int: Int] = [:]
        return members.map { m in
            if m == fixed { return m }
            if let r = renamed[m] { return r }
            let k = program.instances[m].kind
            var free = next[k] ?? slots.members(ofKind: k).filter { $0 != fixed }
            let r = free.removeFirst()
            next[k] = free
            renamed[m] = r
            return r
        }
    }

    /// Whether `members` all lie among the first three of their family (the members the
    /// representative conjuncts name: a mover and two others). The conjuncts of those choices
    /// are a weaker hypothesis that is often enough, and much smaller at a large size.
    func isNearby(_ members: [Int]) -> Bool {
        let program = slots.layout.program
        return members.allSatisfy { m in
            slots.members(ofKind: program.instances[m].kind).prefix(3).contains(m)
        }
    }

    /// A note for the obligation line, e.g. "only the steps of vcpu[0], invalidator[0]: by
    /// symmetry every other vcpu's step is a renamed vcpu[0] step".
    var note: String {
        let program = slots.layout.program
        let names = movers.sorted().map { program.instanceName($0) }
        let families = slots.familyKinds.sorted().map { k in
            "every other \(program.kinds[k].name)'s step is a renamed \(program.instanceName(slots.members(ofKind: k)[0])) step"
        }
        return "only the steps of \(names.joined(separator: ", ")): by symmetry \(families.joined(separator: ", "))"
    }
}
