/// The formula of a liveness clause, normalised to one of the three shapes the engines decide.
public enum LivenessFormula: Sendable, Hashable {
    /// `<> p`: every fair execution has a state where `p` holds.
    case eventually(TExpr)
    /// `p ~> q` (`[](p -> <> q)`): after every state where `p` holds, `q` holds then or later.
    case leadsTo(TExpr, TExpr)
    /// `[]<> p`: `p` holds in infinitely many states of every fair execution.
    case infinitelyOften(TExpr)

    /// The state conditions the formula reads, in order (`p`, or `p` and `q`).
    public var conditions: [TExpr] {
        switch self {
        case .eventually(let p), .infinitelyOften(let p): return [p]
        case .leadsTo(let p, let q): return [p, q]
        }
    }
}

/// One conjunct of a liveness property after its quantifier is expanded.
public struct LivenessClause: Sendable {
    /// How the quantifier was instantiated (`vcpu[1]`), empty for an unquantified property.
    public let instantiation: String
    /// The formula.
    public let formula: LivenessFormula
}

/// A named liveness property of the typed IR: it holds when every clause holds on every fair
/// execution (fairness as declared per process kind, `ProcessKind.fairness`).
///
/// Executions are infinite: one that reaches a state where no instance can move (all
/// terminated, or deadlocked) stays in that state forever (stutters), so the formula reads
/// that last state forever; fairness asks nothing there, since nothing is enabled.
public struct LivenessIR: Sendable {
    /// The name.
    public let name: String
    /// The clauses, one per instance for a `forAll` property.
    public let clauses: [LivenessClause]
    /// Where it was written.
    public let location: SourceLocation
}
