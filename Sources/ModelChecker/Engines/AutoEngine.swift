import Foundation
import ProtocolDSL

/// Explicit-state search while the state space stays under `Engine.autoStateLimit` states and
/// the memory budget, else BMC with the time left.
///
/// It hands over when the explicit search would store more than `autoStateLimit` states, runs
/// out of `options.memoryLimit`, or meets data choices too wide to enumerate; `options.notice`
/// hears why.
struct AutoEngine: CheckEngine {
    let name = "auto"
    let summary = "explicit while the state space fits, else bmc"
    let exploresStates = false

    func check(_ program: Program, _ options: CheckOptions, progress: ProgressHandler?) throws -> (CheckOutcome, Engine) {
        let start = Date()
        do {
            let outcome = try ExplicitChecker(program: program)
                .check(options, stateLimit: Engine.autoStateLimit, progress: progress)
            return (outcome, .explicit)
        } catch let e as ExplicitChecker.Abandoned {
            var rest = options
            if let t = options.timeout {
                let left = t - Date().timeIntervalSince(start)
                if left <= 0 { return (.unknown(reason: "timeout", depth: 0), .explicit) }
                rest.timeout = left
            }
            options.notice?("explicit search: \(e.reason); bmc takes over")
            return try Engine.bmc.check(program, rest, progress: progress)
        }
    }
}
