import Foundation
import ProtocolDSL

/// `auto`'s first route: a violation found on a smaller instance of the program's families,
/// replayed at the real size, and confirmed shortest there.
///
/// With each family capped at 1, then 2 members (`InstanceScaler`), a symmetric explicit search
/// of the small instance, bounded by `stateLimit` states, looks for a violation; its schedule is
/// replayed on the real program (`InstanceLifting`; the extra members never move). A replay that
/// ends in a violation there is a counterexample at the real size of length `k`. Whether a shorter
/// one exists at the real size is then decided by a symmetric explicit search of the real program
/// to `k - 1` steps; when that search cannot finish within the limits, the lifted counterexample is
/// returned with a notice that a shorter one was not ruled out.
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
        var shorter = options
        shorter.maxDepth = k - 1
        shorter.timeout = left()
        let outcome: CheckOutcome
        do {
            outcome = try ExplicitChecker(program: program).check(shorter, stateLimit: Int.max)
        } catch let e as ExplicitChecker.Abandoned {
            options.notice?("\(found); a shorter one was not ruled out (\(e.reason))")
            return [lifted]
        }
        switch outcome {
        case .violated(let traces):
            options.notice?("\(found); a shorter one exists (explicit search to \(k - 1) steps)")
            return traces
        case .holds, .proved:
            options.notice?("\(found); none is shorter (explicit search to \(k - 1) steps)")
            return [lifted]
        case .unknown(let reason, _):
            options.notice?("\(found); a shorter one was not ruled out (\(reason))")
            return [lifted]
        }
    }

    private func left() -> Double? {
        deadline.map { $0.timeIntervalSinceNow }
    }
}
