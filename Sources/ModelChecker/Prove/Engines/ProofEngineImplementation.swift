/// One way of running `prove`. A proof engine is one type conforming to this protocol plus
/// one line in `ProofEngine.registry`; the CLI's help, validation and output read the registry.
public protocol ProofEngineImplementation: Sendable {
    /// The name users pick it by (`spacer`).
    var name: String { get }
    /// What it does, for help and for the output's engine line.
    var summary: String { get }

    /// Proves `prover`'s program within `timeout` seconds, the invisible engine's explicit
    /// exploration within `memoryLimit`.
    func prove(_ prover: Prover, timeout: Double?, memoryLimit: MemoryBudget?, maxK: Int,
               progress: ProofProgress?) throws -> ProofOutcome

    /// The heading the output prints above a certificate this engine found.
    func heading(of certificate: ProofCertificate) -> String
}

extension ProofEngineImplementation {
    public func heading(of certificate: ProofCertificate) -> String { "inductive invariant:" }
}
