import Foundation

/// Constrained Horn clauses solved by Z3's Spacer (IC3/PDR).
struct SpacerEngine: ProofEngineImplementation {
    let name = "spacer"
    let summary = "Z3 Spacer on constrained Horn clauses"

    func prove(_ prover: Prover, timeout: Double?, memoryLimit: MemoryBudget?, maxK: Int,
               progress: ProofProgress?) throws -> ProofOutcome {
        progress?("Spacer is solving the Horn clauses", 0)
        return try SpacerProver(program: prover.program).prove(timeout: timeout)
    }

    func heading(of certificate: ProofCertificate) -> String {
        "inductive invariant (\(certificate.invariant.count) conjuncts):"
    }
}

/// k-induction with simple-path constraints on the BMC encoding.
struct KInductionEngine: ProofEngineImplementation {
    let name = "kinduction"
    let summary = "k-induction with simple paths"

    func prove(_ prover: Prover, timeout: Double?, memoryLimit: MemoryBudget?, maxK: Int,
               progress: ProofProgress?) throws -> ProofOutcome {
        try KInductionProver(program: prover.program, maxK: maxK, progress: progress).prove(timeout: timeout)
    }

    func heading(of certificate: ProofCertificate) -> String { "k-inductive property (k = \(certificate.k ?? 0)):" }
}

/// An invariant projected from the reachable states of a small instance and generalized over
/// identical instances ("invisible invariants"), re-checked at the real size.
struct InvisibleEngine: ProofEngineImplementation {
    let name = "invisible"
    let summary = "invariant projected from a small instance's reachable states, generalized over identical instances"

    func prove(_ prover: Prover, timeout: Double?, memoryLimit: MemoryBudget?, maxK: Int,
               progress: ProofProgress?) throws -> ProofOutcome {
        try InvisibleInvariantProver(program: prover.program, scaler: prover.scaler, progress: progress)
            .prove(timeout: timeout, memory: memoryLimit)
    }
}

/// `invisible` first; when it cannot decide, `spacer` with the time left.
struct AutoProofEngine: ProofEngineImplementation {
    let name = "auto"
    let summary = "invisible, then spacer with the time left"

    func prove(_ prover: Prover, timeout: Double?, memoryLimit: MemoryBudget?, maxK: Int,
               progress: ProofProgress?) throws -> ProofOutcome {
        let start = Date()
        let first = try ProofEngine.invisible.implementation.prove(prover, timeout: timeout, memoryLimit: memoryLimit,
                                                                   maxK: maxK, progress: progress)
        guard case .unknown(let why) = first else { return first }
        let left = timeout.map { $0 - Date().timeIntervalSince(start) }
        if let l = left, l <= 0 { return .unknown(reason: "invisible: \(why); no time left for spacer") }
        progress?("invisible undecided; running spacer", Date().timeIntervalSince(start))
        let second = try ProofEngine.spacer.implementation.prove(prover, timeout: left, memoryLimit: memoryLimit,
                                                                 maxK: maxK, progress: progress)
        guard case .unknown(let why2) = second else { return second }
        return .unknown(reason: "invisible: \(why); spacer: \(why2)")
    }
}
