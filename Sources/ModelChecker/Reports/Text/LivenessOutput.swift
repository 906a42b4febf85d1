import ProtocolDSL

extension TextOutput {
    /// The fairness of each process kind, as a header line (`  fairness: thread=weak, zap=none`).
    public static func fairnessLine(_ program: Program) -> String {
        "  fairness: " + program.kinds.map { "\($0.name)=\($0.fairness.rawValue)" }.joined(separator: ", ")
    }

    /// The result of one liveness property: its verdict line, and for a violation the message
    /// and the lasso's swimlane.
    public static func liveness(_ result: LivenessResult) -> [String] {
        var out = [""]
        switch result.outcome {
        case .violated(let lasso):
            out.append("VIOLATED (liveness) \(result.property): a lasso with a "
                       + "\(lasso.stemLength)-step stem and a \(lasso.loopLength)-step loop")
            out.append("  \(lasso.trace.violation?.message ?? "")")
            out += traceBlock(lasso.trace)
        case .holds(let states):
            out.append("HOLDS (liveness) \(result.property): every fair execution satisfies it (every reachable state "
                       + "was explored: \(Program.plural(states, "state")))")
        case .proved(let how):
            out.append("HOLDS (liveness) \(result.property): every fair execution satisfies it (\(how))")
        case .unknown(let reason):
            out.append("UNKNOWN (liveness) \(result.property): the search gave up (\(reason))")
        }
        return out
    }
}
