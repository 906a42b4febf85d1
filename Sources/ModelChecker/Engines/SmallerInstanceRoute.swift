import Foundation
import ProtocolDSL

/// `auto`'s first route: a violation found on a smaller instance of the program's families,
/// replayed at the real size, and confirmed shortest there.
///
/// With each family capped at 1, then 2 members (`InstanceScaler`), a symmetric explicit search
/// of the small instance, bounded by `stateLimit` states, looks for a violation; its schedule is
/// replayed on the real program (`InstanceLifting`; the extra members never move). A replay that
/// ends in a violation there is a counterexample at the real size of length `k`. Whether a shorter
/// one exists at the real size is then decided by a symmetric explicit search to `k - 1` steps:
/// of the program with each family capped at the members a counterexample of `k - 1` steps can
/// need (`ProjectionBound`), when that is fewer than it has and the capped program is the real
/// one without the other members; else of the real program. When that search cannot finish
/// within the limits, the lifted counterexample is returned with a notice that a shorter one was
/// not ruled out.
struct SmallerInstanceRoute {
    /// The most states the search of one small instance stores before the route is dropped.
    static let stateLimit = 200_000

    let program: Program
    let model: ProtocolModel
    let options: CheckOptions
    let deadline: Date?

    /// The counterexamples at the real size, or nil when the route does not apply or finds none
    /// (the caller then searches the real program).
    func run() throws -> [Trace]? {
        let families = Symmetry(program).families
        guard options.symmetry, options.maxCounterexamples == 1, !families.isEmpty else { return nil }
        let names = families.map { program.kinds[program.instances[$0[0]].kind].name }
        let scaler = InstanceScaler(model: model, configuration: program.configuration)
        for cap in [1, 2] where families.contains(where: { $0.count > cap }) {
            guard let small = try scaler.capped(at: cap, families: names) else { continue }
            var smallOptions = options
            smallOptions.timeout = left()
            if smallOptions.timeout.map({ $0 <= 0 }) == true { return nil }
            let outcome: CheckOutcome
            do {
                outcome = try ExplicitChecker(program: small).check(smallOptions, stateLimit: Self.stateLimit)
            } catch is ExplicitChecker.Abandoned {
                return nil
            }
            guard case .violated(let traces) = outcome,
                  let lifted = try InstanceLifting.violation(traces[0].run, from: small, to: program) else { continue }
            return try shortest(lifted, found: "auto: a violation in \(Program.plural(lifted.steps.count, "step")) with "
                                + "\(small.describeSize(kinds: names)), replayed with \(program.describeSize(kinds: names))")
        }
        return nil
    }

    /// `lifted`, or a shorter counterexample at the real size when one exists.
    private func shortest(_ lifted: Trace, found: String) throws -> [Trace] {
        let k = lifted.steps.count
        guard k > 0 else {
            options.notice?("\(found)")
            return [lifted]
        }
        // Capped: a counterexample of the capped program ends in a violation at the real size
        // too unless it is a deadlock that the extra members (which can move) do not share; then
        // the real program is searched.
        if let (small, capped) = try projected(steps: k - 1) {
            let search = "explicit search to \(Program.plural(k - 1, "step")) with \(capped)"
            switch try searchShorter(small, lifted, found: found, search: search) {
            case .answer(let traces): return traces
            case .shorter(let traces):
                if let real = try InstanceLifting.violation(traces[0].run, from: small, to: program) {
                    options.notice?("\(found); a shorter one exists (\(search))")
                    return [real]
                }
            }
        }
        let search = "explicit search to \(k - 1) steps"
        switch try searchShorter(program, lifted, found: found, search: search) {
        case .answer(let traces): return traces
        case .shorter(let traces):
            options.notice?("\(found); a shorter one exists (\(search))")
            return traces
        }
    }

    /// What a search for a counterexample shorter than `lifted` gave.
    private enum Shorter {
        /// The route's answer, said: `lifted` (none is shorter, or a shorter one was not ruled out).
        case answer([Trace])
        /// Shorter counterexamples of the program searched (not yet said).
        case shorter([Trace])
    }

    private func searchShorter(_ searched: Program, _ lifted: Trace, found: String, search: String) throws -> Shorter {
        var shorter = options
        shorter.maxDepth = lifted.steps.count - 1
        shorter.timeout = left()
        let outcome: CheckOutcome
        do {
            outcome = try ExplicitChecker(program: searched).check(shorter, stateLimit: Int.max)
        } catch let e as ExplicitChecker.Abandoned {
            options.notice?("\(found); a shorter one was not ruled out (\(e.reason))")
            return .answer([lifted])
        }
        switch outcome {
        case .violated(let traces):
            return .shorter(traces)
        case .holds, .proved:
            options.notice?("\(found); none is shorter (\(search))")
            return .answer([lifted])
        case .unknown(let reason, _):
            options.notice?("\(found); a shorter one was not ruled out (\(reason))")
            return .answer([lifted])
        }
    }

    /// The program with each family capped at the members a counterexample of at most `k` steps
    /// needs, and the words that say so, or nil when no family has more members than that or the
    /// capped program is not the real one without the other members.
    private func projected(steps k: Int) throws -> (Program, String)? {
        var caps: [String: Int] = [:]
        for family in Symmetry(program).families {
            let kind = program.instances[family[0]].kind
            let need = ProjectionBound.members(of: kind, in: program, steps: k)
            if need < family.count { caps[program.kinds[kind].name] = need }
        }
        guard !caps.isEmpty,
              let small = try InstanceScaler(model: model, configuration: program.configuration).capped(at: caps),
              ProjectionBound.isRestriction(small, of: program) else { return nil }
        let names = caps.keys.sorted()
        return (small, "\(small.describeSize(kinds: names)): a counterexample of at most \(Program.plural(k, "step")) "
                + "needs no more")
    }

    private func left() -> Double? {
        deadline.map { $0.timeIntervalSinceNow }
    }
}
