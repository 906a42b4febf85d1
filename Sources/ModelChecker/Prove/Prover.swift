import ProtocolDSL

/// Called with a proof's current phase and the seconds since it started (for progress output).
public typealias ProofProgress = @Sendable (_ phase: String, _ elapsed: Double) -> Void

/// Proves a program's properties (no error, every invariant, no deadlock) for all executions.
public struct Prover {
    /// The program.
    public let program: Program

    /// The model and configuration `program` came from, when known: the invisible engine then
    /// explores smaller instances of the same model.
    let scaler: InstanceScaler?

    /// Creates a prover for a program alone (the invisible engine explores it at its own size).
    public init(program: Program) {
        self.program = program
        scaler = nil
    }

    /// Creates a prover for `model` instantiated with `configuration`.
    public init(model: ProtocolModel, configuration: Configuration) throws {
        program = try model.instantiate(configuration)
        scaler = InstanceScaler(model: model, configuration: configuration)
    }

    /// Runs `engine` with a wall-clock budget of `timeout` seconds (nil: none) and the memory
    /// budget `memoryLimit` of the invisible engine's explicit exploration (nil: none).
    ///
    /// A `.proved` outcome's certificate has been re-checked in a fresh Z3 context; a certificate
    /// that fails the re-check throws instead of being reported.
    /// `progress`, when given, hears each phase (the instance explored, the candidate checked, k).
    /// `auto` runs `invisible`, then `spacer` with the time left; data choices too wide to
    /// enumerate make `invisible` give up at once, so `spacer` gets all the time.
    public func prove(engine: ProofEngine, timeout: Double? = nil, memoryLimit: MemoryBudget? = .standard,
                      maxK: Int = KInductionProver.defaultMaxK, progress: ProofProgress? = nil) throws -> ProofOutcome {
        try engine.implementation.prove(self, timeout: timeout, memoryLimit: memoryLimit, maxK: maxK, progress: progress)
    }
}
