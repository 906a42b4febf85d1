import Foundation
import ProtocolDSL
import SMT

/// A candidate invariant for a program with families of identical instances, projected from
/// the reachable states of a smaller instance of the same model and generalized to any number
/// of members ("invisible invariants", Pnueli, Ruah and Zuck, TACAS 2001).
///
/// Each view names up to two family members (`vcpu[i]`, or `vcpu[i]` and `vcpu[j]`); its
/// relation is the set of values that the shared slots and the members' own slots take
/// together in some reachable state of the small instance, over every choice of members.
/// At the target size the invariant is the conjunction, over every choice of distinct members,
/// of each view's relation. Member ids stored in data are written relative to the view
/// (`InstanceSlots.code`), so a relation about "my page" and "another vCPU's page" carries over. Nothing here is trusted: the candidate is a proof only once a fresh
/// solver has confirmed it inductive and safe at the target size (`CertificateChecker`).
struct ProjectedInvariant {
    /// A view: the kinds of the family members it names, ascending (empty: the shared slots only).
    struct View: Hashable {
        let memberKinds: [Int]
    }

    /// The views and, per view, its relation.
    let views: [(view: View, relation: CubeCover)]
    /// The slot grouping of the small instance the relations came from.
    let source: InstanceSlots

    /// Projects `states` (every reachable state of `source.layout.program`) onto `views`.
    init(states: Set<[UInt64]>, source: InstanceSlots, views: [View]) {
        self.init(states: states, source: source, views: views, deadline: nil)!
    }

    /// The projection, or nil when `deadline` passes first (read every few thousand states).
    init?(states: Set<[UInt64]>, source: InstanceSlots, views: [View], deadline: Date?) {
        self.source = source
        let shared = source.sharedSlots
        var out: [(View, CubeCover)] = []
        for view in views {
            var tuples = Set<[UInt64]>()
            let choices = Self.assignments(view.memberKinds, source, ordered: true)
            for (n, s) in states.enumerated() {
                if n % 4096 == 0, let d = deadline, Date() >= d { return nil }
                for members in choices {
                    let columns = shared + members.flatMap { source.slots(ofInstance: $0) }
                    let pairs = source.counterPairs(columns)
                    tuples.insert(columns.map { source.code(s[$0], slot: $0, members: members) }
                                  + pairs.map { a, b in source.comparison(s[columns[a]], s[columns[b]],
                                                                          slots: (columns[a], columns[b])) })
                }
            }
            let sample = shared + (Self.assignments(view.memberKinds, source, ordered: true).first ?? [])
                .flatMap { source.slots(ofInstance: $0) }
            let width = sample.count + source.counterPairs(sample).count
            guard let cover = CubeCover(tuples, width: width, deadline: deadline) else { return nil }
            out.append((view, cover))
        }
        self.views = out
    }

    /// Every choice of distinct flat instances for the member kinds; with `ordered` false, members
    /// of the same kind come in increasing order only (the relations are symmetric in them).
    static func assignments(_ kinds: [Int], _ slots: InstanceSlots, ordered: Bool) -> [[Int]] {
        var result: [[Int]] = [[]]
        for (p, k) in kinds.enumerated() {
            result = result.flatMap { prefix in
                slots.members(ofKind: k).compactMap { m -> [Int]? in
                    if prefix.contains(m) { return nil }
                    if !ordered, p > 0, kinds[p - 1] == k, m < prefix[p - 1] { return nil }
                    return prefix + [m]
                }
            }
        }
        return result
    }

    /// The number of conjunct instances at the target (one per view and choice of members).
    func instanceCount(at target: InstanceSlots) -> Int {
        views.reduce(0) { $0 + Self.assignments($1.view.memberKinds, target, ordered: false).count }
    }

    /// The invariant over the state variables `s` of `target` (a layout of the same model);
    /// with `keeping`, only the conjuncts of the choices of members it accepts.
    func formula(at target: InstanceSlots, over s: [BitVecTerm], in ctx: Z3Context,
                 keeping: (([Int]) -> Bool)? = nil) -> BoolTerm {
        var parts: [BoolTerm] = []
        var domainDone = Set<Int>()
        let shared = target.sharedSlots
        for (view, relation) in views {
            for members in Self.assignments(view.memberKinds, target, ordered: false) where keeping?(members) ?? true {
                let columns = shared + members.flatMap { target.slots(ofInstance: $0) }
                let pairs = target.counterPairs(columns)
                func allowed(_ c: Int, _ codes: [UInt64]) -> BoolTerm {
                    if c >= columns.count {
                        let (a, b) = pairs[c - columns.count]
                        return BoolTerm.or(codes.map {
                            target.comparisonCondition(s[columns[a]], s[columns[b]], code: $0, slots: (columns[a], columns[b]))
                        }, in: ctx)
                    }
                    let slot = columns[c]
                    return BoolTerm.or(codes.map { target.condition(s[slot], code: $0, slot: slot, members: members, in: ctx) },
                                       in: ctx)
                }
                for (c, codes) in relation.domains.enumerated() where c >= columns.count {
                    parts.append(allowed(c, codes))
                }
                for (c, slot) in columns.enumerated() {
                    if target.idSlots[slot] != nil {
                        // Ids are relative to the members, so their domain is stated per choice.
                        parts.append(allowed(c, relation.domains[c]))
                    } else if domainDone.insert(slot).inserted,
                              !isWholeType(relation.domains[c], width: target.layout.widths[slot]) {
                        parts.append(allowed(c, relation.domains[c]))
                    }
                }
                parts.append(BoolTerm.or(relation.cubes.map { cube in
                    BoolTerm.and(cube.enumerated().compactMap { c, codes in codes.map { allowed(c, $0) } }, in: ctx)
                }, in: ctx))
            }
        }
        return BoolTerm.and(parts, in: ctx)
    }

    func isWholeType(_ domain: [UInt64], width: Int) -> Bool {
        width < 63 && domain.count == 1 << width
    }

    // MARK: printing

    /// The invariant in the model's terms, one line per domain fact and per cube.
    func lines() -> [String] {
        let layout = source.layout
        let program = layout.program
        let shared = source.sharedSlots
        var out: [String] = []
        var domainDone = Set<String>()
        for (view, relation) in views {
            let letters = ["i", "j", "k"]
            let members = Self.assignments(view.memberKinds, source, ordered: false).first ?? []
            var names: [Column] = shared.map { Column(slot: $0, name: layout.names[$0], prefix: nil) }
            for (p, m) in members.enumerated() {
                let generic = "\(program.kinds[program.instances[m].kind].name)[\(letters[p])]"
                let concrete = program.instanceName(m)
                for slot in source.slots(ofInstance: m) {
                    names.append(Column(slot: slot, name: generic + layout.names[slot].dropFirst(concrete.count), prefix: generic))
                }
            }
            let slotColumns = names
            for (a, b) in source.counterPairs(slotColumns.map(\.slot)) {
                names.append(Column(slot: -1, name: "", prefix: nil, compared: (slotColumns[a].name, slotColumns[b].name)))
            }
            for (c, col) in names.enumerated()
            where col.compared != nil ? relation.domains[c].count < 3 : !isWholeType(relation.domains[c], width: layout.widths[col.slot]) {
                let fact = literal(col, relation.domains[c], members: members)
                if domainDone.insert(fact).inserted { out.append(fact) }
            }
            let quantifier: String
            switch view.memberKinds.count {
            case 0: quantifier = source.familyKinds.isEmpty ? "the state is one of" : "the shared state is one of"
            case 1: quantifier = "for every \(program.kinds[view.memberKinds[0]].name) i, one of"
            default:
                let kinds = view.memberKinds.map { program.kinds[$0].name }
                quantifier = kinds[0] == kinds[1] ? "for every two \(kinds[0])s i != j, one of"
                    : "for every \(kinds[0]) i and \(kinds[1]) j, one of"
            }
            out.append("\(quantifier) (\(relation.cubes.count) cases):")
            for cube in relation.cubes {
                let facts = cube.enumerated().compactMap { c, values in values.map { literal(names[c], $0, members: members) } }
                out.append("  | " + (facts.isEmpty ? "true" : facts.joined(separator: " && ")))
            }
        }
        return out
    }

    /// A column of a printed view: its slot, its name with the member written generically
    /// (`vcpu[i].pc`), and that member's generic name when the slot is a member's.
    struct Column {
        let slot: Int
        let name: String
        let prefix: String?
        /// For a comparison column, the names of the two counter columns it compares.
        var compared: (String, String)? = nil
    }

    /// `name == value`, `name in {a, b}` or `kind[i]@{label, label}` in the model's terms, for
    /// the view of `members` (an id is written `c+i` for a viewed member, `c+other` for any other).
    func literal(_ col: Column, _ values: [UInt64], members: [Int]) -> String {
        let layout = source.layout
        if let (a, b) = col.compared {
            let op: String
            switch values {
            case [0]: op = "<"
            case [1]: op = "=="
            case [2]: op = ">"
            case [0, 1]: op = "<="
            case [1, 2]: op = ">="
            case [0, 2]: op = "!="
            default: return "true"
            }
            return "\(a) \(op) \(b)"
        }
        let rendered = values.map { value -> String in
            if let counter = source.counterSlots[col.slot], source.signedValue(value, slot: col.slot) > counter.threshold {
                return "(above \(counter.threshold))"
            }
            guard let set = source.idSlots[col.slot], value >= set.offset else { return layout.render(slot: col.slot, value) }
            let viewed = source.viewed(set, among: members)
            let q = Int(value - set.offset)
            let letter = q < viewed.count ? ["i", "j", "k"][members.firstIndex(of: viewed[q]) ?? 0] : "other"
            return "\(set.offset)+\(letter)"
        }
        if case .pc = layout.roles[col.slot] {
            let who = col.prefix ?? String(col.name.dropLast(".pc".count))
            return rendered.count == 1 ? "\(who)@\(rendered[0])" : "\(who)@{\(rendered.joined(separator: ", "))}"
        }
        if layout.valueType(ofSlot: col.slot) == .bool, values.count == 1 {
            return values[0] == 0 ? "!\(col.name)" : col.name
        }
        return rendered.count == 1 ? "\(col.name) == \(rendered[0])" : "\(col.name) in {\(rendered.joined(separator: ", "))}"
    }
}
