import ProtocolDSL

/// The instance permutations a program's behaviour and properties are unchanged under: its
/// families of interchangeable instances.
///
/// A family is the instances of one kind (more than one) that no step names, whose steps read
/// `selfIndex` not at all or only to store member ids that are copied and compared for
/// equality (`Scalarset`: the ids are renamed with the members), and under whose permutations
/// every invariant is the same set of clauses. Initial values are declared per kind, so the
/// initial states are closed under these permutations too. The explicit search stores one
/// state per orbit (`Canonicalizer`); a kind that fails a test is left alone, which costs
/// states, never soundness.
public struct Symmetry: Sendable {
    /// The families: each the flat indices of its members, in order.
    public let families: [[Int]]
    /// The ids stored in data, per family (same order as `families`; nil: none).
    let scalarsets: [Scalarset?]

    /// The symmetry of `program`.
    public init(_ program: Program) {
        var families: [[Int]] = []
        var scalarsets: [Scalarset?] = []
        let (named, usesSelf) = Interchangeable.obstacles(in: program)
        for k in program.kinds.indices where program.kinds[k].instances > 1 && !named.contains(k) {
            var ids: Scalarset?
            if usesSelf.contains(k) {
                guard let s = Scalarset.of(kind: k, in: program) else { continue }
                ids = s
            }
            let kind = program.kinds[k]
            let members = Array(kind.firstInstance..<(kind.firstInstance + kind.instances))
            // The transposition of the first two members and the rotation of all generate
            // every permutation of the family.
            var swap = Dictionary(uniqueKeysWithValues: members.map { ($0, $0) })
            swap[members[0]] = members[1]
            swap[members[1]] = members[0]
            var rotate: [Int: Int] = [:]
            for (n, m) in members.enumerated() { rotate[m] = members[(n + 1) % members.count] }
            let invariant = program.invariants.allSatisfy { inv in
                let clauses = Set(inv.clauses.map(\.condition))
                return [swap, rotate].allSatisfy { perm in
                    Set(inv.clauses.map { Self.renamed($0.condition, perm) }) == clauses
                }
            }
            if invariant {
                families.append(members)
                scalarsets.append(ids)
            }
        }
        self.families = families
        self.scalarsets = scalarsets
    }

    private init(families: [[Int]], scalarsets: [Scalarset?]) {
        self.families = families
        self.scalarsets = scalarsets
    }

    /// The families of `kinds` only (the others are left alone), with their ids.
    func restricted(toKinds kinds: Set<Int>, of program: Program) -> Symmetry {
        let keep = families.indices.filter { kinds.contains(program.instances[families[$0][0]].kind) }
        return Symmetry(families: keep.map { families[$0] }, scalarsets: keep.map { scalarsets[$0] })
    }

    /// Whether no instances are interchangeable (the reduction does nothing).
    public var isTrivial: Bool { families.isEmpty }

    /// `e` with every named instance `f` replaced by `perm[f]` (instances not in `perm` kept).
    static func renamed(_ e: TExpr, _ perm: [Int: Int]) -> TExpr {
        func sel(_ s: InstanceSel) -> InstanceSel {
            if case .fixed(let f) = s { return .fixed(perm[f] ?? f) }
            return s
        }
        func r(_ e: TExpr) -> TExpr { renamed(e, perm) }
        switch e {
        case .const, .global, .selfIndex: return e
        case .globalElement(let g, let i, let t): return .globalElement(g, r(i), t)
        case .local(let v, let s, let t): return .local(v, sel(s), t)
        case .localElement(let v, let s, let i, let t): return .localElement(v, sel(s), r(i), t)
        case .pcIs(let f, let step): return .pcIs(instance: perm[f] ?? f, step: step)
        case .unary(let op, let a, let t): return .unary(op, r(a), t)
        case .binary(let op, let a, let b, let o, let t): return .binary(op, r(a), r(b), operand: o, result: t)
        case .convert(let a, let t): return .convert(r(a), to: t)
        case .ite(let c, let a, let b, let t): return .ite(r(c), r(a), r(b), t)
        }
    }
}
