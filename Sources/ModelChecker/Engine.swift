import ProtocolDSL

/// The search engines of `check`.
public enum Engine: String, Sendable, CaseIterable {
    /// Bounded model checking on Z3.
    case bmc
    /// Breadth-first explicit-state search.
    case explicit
    /// Explicit-state search while the state space stays under `Engine.autoStateLimit`, else BMC.
    case auto

    /// The number of stored states after which `auto` hands over to BMC.
    public static let autoStateLimit = 500_000

    /// Runs a check with this engine; returns the outcome and the engine that decided it.
    public func check(_ program: Program, _ options: CheckOptions,
                      progress: ProgressHandler? = nil) throws -> (CheckOutcome, Engine) {
        switch self {
        case .bmc:
            return (try BoundedChecker(program: program).check(options, progress: progress), .bmc)
        case .explicit:
            return (try ExplicitChecker(program: program).check(options, progress: progress), .explicit)
        case .auto:
            do {
                let outcome = try ExplicitChecker(program: program)
                    .check(options, stateLimit: Engine.autoStateLimit, progress: progress)
                return (outcome, .explicit)
            } catch is ExplicitChecker.StateLimitReached {
                return (try BoundedChecker(program: program).check(options, progress: progress), .bmc)
            }
        }
    }
}
