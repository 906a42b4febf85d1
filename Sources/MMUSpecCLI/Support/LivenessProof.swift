import Foundation
import ModelChecker
import ProtocolDSL

/// How `prove` decides liveness properties: through their liveness-to-safety translation with
/// the proof engine asked for (`auto`: k-induction, then Spacer on what it left unknown).
enum LivenessProof {
    /// The liveness results of `program` by `engine` (not `invisible`, which the caller refuses).
    static func decide(_ program: Program, engine: ProofEngine, deadline: Date?) throws -> [LivenessResult] {
        guard !program.liveness.isEmpty else { return [] }
        let prover = LivenessProver(program: program)
        switch engine {
        case .spacer: return try prover.prove(.spacer, deadline: deadline)
        case .kinduction: return try prover.prove(.kinduction, deadline: deadline)
        default:
            return try program.liveness.map { property in
                let first = try prover.prove(property, .kinduction, deadline: deadline)
                guard case .unknown = first.outcome else { return first }
                return try prover.prove(property, .spacer, deadline: deadline)
            }
        }
    }

    /// The exit status of liveness results: 1 when one is violated, else 3 when one is unknown, else 0.
    static func status(_ results: [LivenessResult]) -> Int32 {
        if results.contains(where: { if case .violated = $0.outcome { return true }; return false }) { return 1 }
        if results.contains(where: { if case .unknown = $0.outcome { return true }; return false }) { return 3 }
        return 0
    }
}
