import Foundation
import ProtocolDSL

/// The cheapest sound route `check` knows, saying which it took (`options.notice`).
///
/// 1. When the model is known and has families of interchangeable members: a violation on an
///    instance with 1, then 2 members per family, replayed at the real size and confirmed
///    shortest there (`SmallerInstanceRoute`).
/// 2. When a family has more than `explicitMembers` members (and no violation showed with 1
///    or 2), prove's invisible engine first: a proof re-checked by Z3 answers "holds for all
///    executions", in a fraction of what a search over the orbits of 8 or 16 members costs.
/// 3. A symmetric explicit search of the real program. When the model is known and has
///    families, a search that would store more than `firstBudget` orbits, or that holds only up
///    to the depth bound, makes way for prove's invisible engine (unless step 2 tried it);
///    when that does not prove it, the search starts again with no state count (or its bounded
///    answer stands).
/// 4. BMC with the time left, when the explicit search runs out of its memory budget or meets
///    data choices too wide to enumerate.
struct AutoEngine: CheckEngine {
    let name = "auto"
    let summary = "explicit search over orbits (a violation on a smaller instance first; a proof when it "
        + "outgrows its first budget), else bmc"
    let exploresStates = false

    /// The orbits a first explicit search stores before a proof is tried.
    static let firstBudget = 100_000
    /// The most members of a family for which the explicit search comes before a proof.
    static let explicitMembers = 4
    /// The seconds a proof may take when the check has no timeout (with one: half the time left).
    static let proofSlice = 60.0

    func check(_ program: Program, _ options: CheckOptions, progress: ProgressHandler?) throws -> (CheckOutcome, Engine) {
        let start = Date()
        let deadline = options.timeout.map { start.addingTimeInterval($0) }
        var rest = options
        func timeLeft() -> Bool {
            guard let deadline else { return true }
            rest.timeout = deadline.timeIntervalSinceNow
            return rest.timeout! > 0
        }
        let symmetry = Symmetry(program)
        let provable = options.model != nil && options.symmetry && !symmetry.isTrivial
        if let model = options.model,
           let traces = try SmallerInstanceRoute(program: program, model: model, options: options,
                                                 deadline: deadline).run() {
            return (.violated(traces), .explicit)
        }
        guard timeLeft() else { return (.unknown(reason: "timeout", depth: 0), .explicit) }
        do {
            if provable, let model = options.model {
                func proved() throws -> Bool {
                    let prover = try Prover(model: model, configuration: program.configuration)
                    let slice = rest.timeout.map { $0 / 2 } ?? Self.proofSlice
                    if case .proved = try prover.prove(engine: .invisible, timeout: slice, memoryLimit: options.memoryLimit) {
                        return true
                    }
                    return false
                }
                // The proof's answer, or nil (said) when the search with no state count comes next.
                func proofOrSearch(_ next: String) throws -> (CheckOutcome, Engine)? {
                    if try proved() { return (.proved(.invisible), .auto) }
                    guard timeLeft() else { return (.unknown(reason: "timeout", depth: 0), .explicit) }
                    options.notice?("no proof; the explicit search \(next) with no state count")
                    return nil
                }
                if symmetry.families.contains(where: { $0.count > Self.explicitMembers }) {
                    options.notice?("a family has more than \(Self.explicitMembers) members: trying prove's invisible engine first")
                    if let answer = try proofOrSearch("follows") { return answer }
                } else {
                    do {
                        let outcome = try ExplicitChecker(program: program)
                            .check(rest, stateLimit: Self.firstBudget, progress: progress)
                        guard case .holds(_, false) = outcome, timeLeft() else { return (outcome, .explicit) }
                        options.notice?("explicit search: holds up to depth \(options.maxDepth) only; trying prove's invisible engine")
                        return try proved() ? (.proved(.invisible), .auto) : (outcome, .explicit)
                    } catch let e as ExplicitChecker.Abandoned {
                        guard timeLeft() else { return (.unknown(reason: "timeout", depth: 0), .explicit) }
                        options.notice?("explicit search: \(e.reason); trying prove's invisible engine")
                        if let answer = try proofOrSearch("goes on") { return answer }
                    }
                }
            }
            let outcome = try ExplicitChecker(program: program).check(rest, stateLimit: Int.max, progress: progress)
            return (outcome, .explicit)
        } catch let e as ExplicitChecker.Abandoned {
            guard timeLeft() else { return (.unknown(reason: "timeout", depth: 0), .explicit) }
            options.notice?("explicit search: \(e.reason); bmc takes over")
            return try Engine.bmc.check(program, rest, progress: progress)
        }
    }
}
