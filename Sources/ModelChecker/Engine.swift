import Foundation
import ProtocolDSL

/// The search engines of `check`.
public enum Engine: String, Sendable, CaseIterable {
    /// Bounded model checking on Z3.
    case bmc
    /// Breadth-first explicit-state search.
    case explicit
    /// Explicit-state search while the state space stays under `Engine.autoStateLimit` states and
    /// the memory budget, else BMC.
    case auto

    /// The number of stored states after which `auto` hands over to BMC.
    public static let autoStateLimit = 500_000

    /// Runs a check with this engine; returns the outcome and the engine that decided it.
    ///
    /// `auto` hands over to BMC, with the time left, when the explicit search would store more
    /// than `autoStateLimit` states, runs out of `options.memoryLimit`, or meets data choices
    /// too wide to enumerate; `options.notice` hears why.
    public func check(_ program: Program, _ options: CheckOptions,
                      progress: ProgressHandler? = nil) throws -> (CheckOutcome, Engine) {
        switch self {
        case .bmc:
            return (try BoundedChecker(program: program).check(options, progress: progress), .bmc)
        case .explicit:
            return (try ExplicitChecker(program: program).check(options, progress: progress), .explicit)
        case .auto:
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
                return (try BoundedChecker(program: program).check(rest, progress: progress), .bmc)
            }
        }
    }
}
