/// The answer of a satisfiability check.
public enum SolverResult: Equatable, Sendable {
    /// Satisfiable: a model exists.
    case sat
    /// Unsatisfiable.
    case unsat
    /// Z3 gave up; the reason is Z3's (for example `timeout` or `canceled`).
    case unknown(reason: String)
}
