
/// A proof, re-checked: what it shows and how it was confirmed.
public struct ProofCertificate: Sendable, Equatable {
    /// The engine that found it.
    public let engine: ProofEngine
    /// The inductive invariant's conjuncts in the model's terms (spacer), or the k-inductive
    /// property (k-induction).
    public let invariant: [String]
    /// For k-induction, the k at which the property became inductive.
    public let k: Int?
    /// The queries a fresh Z3 context and solver confirmed unsat, one line each.
    public let rechecked: [String]
}

/// What `Prover.prove` found.
public enum ProofOutcome: Sendable, Equatable {
    /// The properties hold for all executions.
    case proved(ProofCertificate)
    /// A bad state is reachable; `detail` says how the engine saw it (get the shortest trace with `check`).
    case violated(detail: String)
    /// The engine gave up.
    case unknown(reason: String)
}
