import Foundation
import ModelChecker
import ProtocolDSL

/// How `prove` decides liveness properties: through their liveness-to-safety translation with
/// the proof engine asked for (`auto`: the translation's reachable states as its invariant
/// (`invisible`), then k-induction, then Spacer on what is left unknown).
enum LivenessProof {
    /// The liveness results of `program` by `engine`.
    static func decide(_ program: Program, engine: ProofEngine, deadline: Date?) throws -> [LivenessResult] {
        guard !program.liveness.isEmpty else { return [] }
        let prover = LivenessProver(program: program)
        switch engine {
        case .spacer: return try prover.prove(.spacer, deadline: deadline)
        case .kinduction: return try prover.prove(.kinduction, deadline: deadline)
        case .invisible: return try prover.prove(.invisible, deadline: deadline)
        default:
            return try program.liveness.map { property in
                var result = try prover.prove(property, .invisible, deadline: deadline)
                for method in [LivenessProver.Method.kinduction, .spacer] {
                    guard case .unknown = result.outcome else { break }
                    if let d = deadline, Date() >= d { break }
                    result = try prover.prove(property, method, deadline: deadline)
                }
                return result
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
