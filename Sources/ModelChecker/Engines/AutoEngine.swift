import Foundation
import ProtocolDSL

/// The cheapest sound route `check` knows, saying which it took (`options.notice`).
///
/// 1. When the model is known and has families of interchangeable members: a violation on an
///    instance with 1, then 2 members per family, replayed at the real size and confirmed
///    shortest there (`SmallerInstanceRoute`).
/// 2. A symmetric explicit search of the real program within the time and memory budgets; no
///    fixed state count ends it.
/// 3. BMC with the time left, when the explicit search runs out of its memory budget or meets
///    data choices too wide to enumerate.
struct AutoEngine: CheckEngine {
    let name = "auto"
    let summary = "explicit search over orbits (a violation on a smaller instance first), else bmc"
    let exploresStates = false

    func check(_ program: Program, _ options: CheckOptions, progress: ProgressHandler?) throws -> (CheckOutcome, Engine) {
        let start = Date()
        let deadline = options.timeout.map { start.addingTimeInterval($0) }
        if let model = options.model,
           let traces = try SmallerInstanceRoute(program: program, model: model, options: options,
                                                 deadline: deadline).run() {
            return (.violated(traces), .explicit)
        }
        var rest = options
        if let deadline {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return (.unknown(reason: "timeout", depth: 0), .explicit) }
            rest.timeout = left
        }
        do {
            let outcome = try ExplicitChecker(program: program).check(rest, stateLimit: Int.max, progress: progress)
            return (outcome, .explicit)
        } catch let e as ExplicitChecker.Abandoned {
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { return (.unknown(reason: "timeout", depth: 0), .explicit) }
                rest.timeout = left
            }
            options.notice?("explicit search: \(e.reason); bmc takes over")
            return try Engine.bmc.check(program, rest, progress: progress)
        }
    }
}
