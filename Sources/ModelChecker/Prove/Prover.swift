import ProtocolDSL

/// Proves a program's properties (no error, every invariant, no deadlock) for all executions.
public struct Prover {
    /// The program.
    public let program: Program

    /// Creates a prover.
    public init(program: Program) { self.program = program }

    /// Runs `engine` with a wall-clock budget of `timeout` seconds (nil: none).
    ///
    /// A `.proved` outcome's certificate has been re-checked in a fresh Z3 context; a certificate
    /// that fails the re-check throws instead of being reported.
    public func prove(engine: ProofEngine, timeout: Double? = nil, maxK: Int = KInductionProver.defaultMaxK) throws
        -> ProofOutcome {
        switch engine {
        case .spacer: return try SpacerProver(program: program).prove(timeout: timeout)
        case .kinduction: return try KInductionProver(program: program, maxK: maxK).prove(timeout: timeout)
        }
    }
}
