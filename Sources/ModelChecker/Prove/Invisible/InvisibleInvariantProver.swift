import Foundation
import ProtocolDSL
import SMT

/// Proves a program's properties with an invariant guessed from the reachable states of a small
/// instance and re-checked at the real size.
///
/// 1. Explore the reachable states, one per orbit, of the model with each family of
///    interchangeable instances capped at 2, then (per family in turn) at 3 members. The
///    families are those of `groupings()`: kinds that store no ids (`Interchangeable`), then
///    also those whose ids are data (`Symmetry`, `Scalarset`: tdp-shared-fault's vCPUs,
///    notifier-invalidate's invalidators).
/// 2. Project those states onto views of the shared state and one member, then one or two
///    members, with ids and counters written relative to the view (`InstanceSlots`,
///    `Counters`), add the counting equalities that hold (`CountingEquality`), and generalize
///    over every choice of members at the real size (`ProjectedInvariant`).
/// 3. Re-check the candidate at the real size in a fresh context (`CertificateChecker`):
///    Init => Inv, Inv /\ Trans => Inv', Inv => !Bad, consecution cut down to the symmetry's
///    representatives (`SymmetricConsecution`) and asked first with the conjuncts of three
///    members per family as the hypothesis. When that does not pass, a candidate that is not
///    inductive with one member more than its small instance is dropped, and the rest are
///    checked with the whole invariant. A candidate that fails is discarded.
///
/// When the cap reaches the real size the reachable set itself is the last candidate, which is
/// always inductive. A violation in the small instance is reported only once its schedule,
/// replayed on the real program, reaches a violation there too.
struct InvisibleInvariantProver {
    /// The most states explored in one instance.
    static let stateLimit = 2_000_000

    let program: Program
    let scaler: InstanceScaler?
    var progress: ProofProgress? = nil

    /// A choice of the kinds to generalize over.
    struct Grouping {
        let familyKinds: Set<Int>
        let scalarsets: [Scalarset]
    }

    /// The groupings to try, in order: the families of kinds that never read `selfIndex`
    /// (`Interchangeable`), and those plus the families whose ids are data (`Symmetry`). The
    /// wider one comes first only when the narrow one has no family: treating a kind as shared
    /// keeps relations among its instances (a counter they all bump) that two-member views lose.
    func groupings() -> [Grouping] {
        let plain = Grouping(familyKinds: Interchangeable.kinds(of: program), scalarsets: [])
        let symmetry = Symmetry(program)
        let wide = Grouping(familyKinds: Set(symmetry.families.map { program.instances[$0[0]].kind }),
                            scalarsets: symmetry.scalarsets.compactMap { $0 })
        if wide.familyKinds == plain.familyKinds { return [plain] }
        return plain.familyKinds.isEmpty ? [wide, plain] : [plain, wide]
    }

    /// Proves within `timeout` seconds and `memory` (the explicit exploration stops at either);
    /// a grouping that gives up before the deadline leaves the time left to the next.
    func prove(timeout: Double?, memory: MemoryBudget? = .standard) throws -> ProofOutcome {
        let start = Date()
        let deadline = timeout.map { start.addingTimeInterval($0) }
        let options = groupings()
        var reasons: [String] = []
        for grouping in options {
            let outcome = try prove(grouping, start: start, deadline: deadline, memory: memory)
            guard case .unknown(let reason) = outcome else { return outcome }
            reasons.append(reason)
            if let d = deadline, Date() >= d { break }
        }
        return .unknown(reason: reasons.joined(separator: "; then, generalizing over fewer kinds: "))
    }

    /// One grouping's attempt.
    func prove(_ grouping: Grouping, start: Date, deadline: Date?, memory: MemoryBudget?) throws -> ProofOutcome {
        let familyKinds = grouping.familyKinds
        let scalarsets = grouping.scalarsets
        let familyNames = familyKinds.sorted().map { program.kinds[$0].name }
        // Counters that members of a family bump grow with the family: relative, and counted.
        let counters = Counters(program).classes.filter { !$0.globalBumpers.isDisjoint(with: familyKinds) }
        let target = InstanceSlots(layout: StateLayout(program), familyKinds: familyKinds, scalarsets: scalarsets,
                                   counters: counters)
        let countable = CountingEquality.all(in: program, counters: counters)
        var tried: [String] = []

        for small in try smallInstances(familyNames) {
            let isTarget = small.instances.count == program.instances.count
            let sizes = small.describeSize()
            progress?("exploring the instance with \(sizes)", Date().timeIntervalSince(start))
            // Below the real size one state per orbit is enough: the projections of a state onto
            // every choice of members are those of every state of its orbit (ids and counters are
            // written relative to the view). At the real size the last candidate is the set itself.
            var explorer = ReachableStates(program: small)
            if !isTarget { explorer.symmetry = Symmetry(small).restricted(toKinds: familyKinds, of: small) }
            switch explorer.explore(stateLimit: Self.stateLimit, deadline: deadline, memory: memory) {
            case .timedOut:
                return .unknown(reason: "timeout while exploring the instance with \(sizes)")
            case .abandoned(let why):
                return .unknown(reason: "\(why) while exploring the instance with \(sizes)")
            case .limitReached:
                let earlier = tried.isEmpty ? "" : " (tried: \(tried.joined(separator: "; ")))"
                return .unknown(reason: "the instance with \(sizes) has more than \(Self.stateLimit) reachable "
                                + "states; no invariant was guessed" + earlier)
            case .violated(let schedule):
                if isTarget {
                    return .violated(detail: "explicit search reached a violation (\(schedule.steps.count) steps)")
                }
                if try liftedViolation(schedule, from: small) {
                    return .violated(detail: "a violation with \(sizes) carries over to \(program.describeSize())")
                }
                // Not a violation at the real size: a larger instance may still decide.
                tried.append("a property fails with \(sizes), but that schedule is no violation with "
                             + program.describeSize())
            case .complete(let states):
                let source = InstanceSlots(layout: StateLayout(small), familyKinds: familyKinds, scalarsets: scalarsets,
                                           counters: counters)
                let counted = countable.filter { eq in
                    states.allSatisfy { eq.holds($0, layout: source.layout) }
                }
                // One member more per family than the small instance: a candidate that is not
                // inductive there is dropped before the costlier check at the real size.
                let probe = try probeInstance(for: small, families: familyNames).map {
                    InstanceSlots(layout: StateLayout($0), familyKinds: familyKinds, scalarsets: scalarsets, counters: counters)
                }
                var levels: [[ProjectedInvariant.View]] = [views(familyKinds, small, maxMembers: 1)]
                if !familyKinds.isEmpty { levels.append(views(familyKinds, small, maxMembers: 2)) }
                if isTarget && !familyKinds.isEmpty {
                    // The whole reachable set: every kind's instances are part of the shared state.
                    levels.append([ProjectedInvariant.View(memberKinds: [])])
                }
                for (n, level) in levels.enumerated() {
                    let whole = isTarget && n == levels.count - 1 && !familyKinds.isEmpty
                    let src = whole ? InstanceSlots(layout: source.layout, familyKinds: []) : source
                    let tgt = whole ? InstanceSlots(layout: target.layout, familyKinds: []) : target
                    guard let candidate = ProjectedInvariant(states: states, source: src, views: level,
                                                             deadline: deadline) else {
                        return .unknown(reason: "timeout while projecting the reachable states of \(sizes)")
                    }
                    let what = whole || familyKinds.isEmpty ? "the reachable set of \(sizes)"
                        : "projections on \(n == 0 ? "one member" : "two members") from \(sizes)"
                    let equalities = whole ? [] : counted
                    // The invariant, and consecution cut down to the representatives of the symmetry.
                    func invariant(at slots: InstanceSlots) -> (BoolTerm, [BitVecTerm], CertificateChecker.Reduction?) {
                        let ctx = Z3Context()
                        let s = Encoder(context: ctx, layout: slots.layout).stateVariables("s")
                        let counts = equalities.map { $0.formula(over: s, layout: slots.layout, in: ctx) }
                        let inv = BoolTerm.and([candidate.formula(at: slots, over: s, in: ctx)] + counts, in: ctx)
                        guard !slots.familyKinds.isEmpty else { return (inv, s, nil) }
                        let reduction = SymmetricConsecution(slots: slots).reduction(of: candidate, and: counts, over: s, in: ctx)
                        return (inv, s, reduction)
                    }
                    func proved(_ rechecked: [String]) -> ProofOutcome {
                        let orbits = explorer.symmetry?.isTrivial ?? true ? "" : " (one per orbit)"
                        var header = ["guessed from \(states.count) reachable states\(orbits) of the instance with \(sizes) "
                                      + "(\(what)); \(Program.plural(candidate.instanceCount(at: tgt), "conjunct instance")) "
                                      + "at \(program.describeSize())"]
                        if !tried.isEmpty { header.append("(not inductive first: \(tried.joined(separator: "; ")))") }
                        let counts = equalities.map { $0.line(program) }
                        return .proved(ProofCertificate(engine: .invisible, invariant: header + counts + candidate.lines(),
                                                        k: nil, rechecked: rechecked))
                    }
                    let checker = CertificateChecker(layout: tgt.layout, tactics: CertificateChecker.bitBlastTactics)
                    var (inv, s, reduction) = invariant(at: tgt)
                    // At the real size with the small hypothesis alone first: it is cheap, and
                    // when it passes it is the proof; when it does not, it decides nothing, and
                    // the checks below use the whole invariant.
                    if var quick = reduction, quick.pre != nil {
                        reduction?.pre = nil
                        progress?("re-checking \(what) at \(program.describeSize())", Date().timeIntervalSince(start))
                        quick.fallsBack = false
                        do {
                            return proved(try checker.recheckInvariant(inv, over: s, deadline: deadline, reduction: quick))
                        } catch let r as CertificateChecker.Rejected where !r.undecided {
                            guard case .sat = r.result else {
                                return .unknown(reason: "the re-check of \(what) gave up (\(r.obligation): \(r.result))")
                            }
                            tried.append("\(what) fails \(r.obligation)")
                            continue
                        } catch is CertificateChecker.Rejected {}
                    }
                    if !whole, let probe {
                        let probeSize = probe.layout.program.describeSize()
                        progress?("checking \(what) at \(probeSize)", Date().timeIntervalSince(start))
                        let (inv, s, reduction) = invariant(at: probe)
                        do {
                            _ = try CertificateChecker(layout: probe.layout, tactics: CertificateChecker.bitBlastTactics)
                                .recheckInvariant(inv, over: s, deadline: deadline, reduction: reduction)
                        } catch let r as CertificateChecker.Rejected {
                            if case .sat = r.result {
                                tried.append("\(what) fails \(r.obligation) with \(probeSize)")
                                continue
                            }
                        }
                    }
                    progress?("re-checking \(what) at \(program.describeSize())", Date().timeIntervalSince(start))
                    if let d = deadline, Date() >= d { return .unknown(reason: "timeout while checking \(what)") }
                    do {
                        return proved(try checker.recheckInvariant(inv, over: s, deadline: deadline, reduction: reduction))
                    } catch let r as CertificateChecker.Rejected {
                        guard case .sat = r.result else {
                            return .unknown(reason: "the re-check of \(what) gave up (\(r.obligation): \(r.result))")
                        }
                        tried.append("\(what) fails \(r.obligation)")
                    }
                }
            }
        }
        return .unknown(reason: "no candidate decided it (\(tried.joined(separator: "; ")))")
    }

    /// The instances to guess from, smallest first, ending with the program itself: every family
    /// capped at 2 members; then, with several families, each family in turn at 3 and the others
    /// at 2 (a view of two members of a family is usually only inductive when the small instance
    /// has a third); then every family at 3. Instances no smaller than the program are skipped.
    func smallInstances(_ families: [String]) throws -> [Program] {
        var caps: [[String: Int]] = [Dictionary(uniqueKeysWithValues: families.map { ($0, 2) })]
        if families.count > 1 {
            for f in families { caps.append(Dictionary(uniqueKeysWithValues: families.map { ($0, $0 == f ? 3 : 2) })) }
        }
        caps.append(Dictionary(uniqueKeysWithValues: families.map { ($0, 3) }))
        var out: [Program] = []
        var seen = Set<[Int]>()
        for cap in caps {
            guard let small = try scaler?.capped(at: cap), seen.insert(small.kinds.map(\.instances)).inserted else { continue }
            out.append(small)
        }
        return out + [program]
    }

    /// `small` with one more member in each family, when that is still smaller than the program.
    func probeInstance(for small: Program, families: [String]) throws -> Program? {
        var caps: [String: Int] = [:]
        for name in families {
            guard let kind = small.kinds.first(where: { $0.name == name }) else { continue }
            caps[name] = kind.instances + 1
        }
        guard let probe = try scaler?.capped(at: caps), probe.instances.count < program.instances.count else { return nil }
        return probe
    }

    /// Views with up to `maxMembers` family members (of any family kinds, ascending).
    func views(_ families: Set<Int>, _ small: Program, maxMembers: Int) -> [ProjectedInvariant.View] {
        var out = [ProjectedInvariant.View(memberKinds: [])]
        let kinds = families.sorted()
        if maxMembers >= 1 { out += kinds.map { ProjectedInvariant.View(memberKinds: [$0]) } }
        if maxMembers >= 2 {
            for (a, k1) in kinds.enumerated() {
                for k2 in kinds[a...] where k1 != k2 || small.kinds[k1].instances > 1 {
                    out.append(ProjectedInvariant.View(memberKinds: [k1, k2]))
                }
            }
        }
        return families.isEmpty ? out : Array(out.dropFirst())
    }

    /// Whether `schedule` (of `small`), with each instance mapped to the same index of its kind,
    /// reaches a violation in the real program.
    func liftedViolation(_ schedule: Schedule, from small: Program) throws -> Bool {
        try InstanceLifting.violation(schedule, from: small, to: program) != nil
    }
}
