import ProtocolDSL

/// The human-readable output of `query`.
public enum QueryOutput {
    /// The result of `query --reach`.
    public static func reach(program: Program, expression: String, engine: Engine,
                      answer: ReachabilityQuery.Answer) -> [String] {
        var out = TextOutput.header(program)
        out.append(TextOutput.engineLine(engine))
        out.append("  query: reach \(expression)")
        out.append("")
        switch answer {
        case .reachable(let t):
            out.append("REACHABLE in \(t.steps.count) steps: a shortest execution to a state where \(expression)")
            out += TextOutput.traceBlock(t)
            out.append("after step \(t.steps.count): \(expression)")
        case .unreachable(let depth, let complete):
            if complete && engine.exploresStates {
                out.append("UNREACHABLE: \(expression) is unreachable in every execution (every reachable state "
                           + "was explored; the farthest is \(depth) steps from the start)")
            } else if complete {
                out.append("UNREACHABLE: \(expression) is unreachable in every execution (the search was complete: "
                           + "no execution is longer than \(depth) steps)")
            } else {
                out.append("UNREACHABLE within \(depth) steps: no execution of at most \(depth) steps reaches "
                           + "\(expression) (longer executions exist; raise --depth to search further)")
            }
        case .blocked(let t):
            let v = t.violation!
            out.append("UNKNOWN: the search stopped at a \(v.kind.rawValue) after \(t.steps.count) steps "
                       + "(\(v.message)) before reaching \(expression)")
        case .unknown(let reason, let depth):
            out.append("UNKNOWN: the solver gave up at depth \(depth) (\(reason)); no shorter execution reaches \(expression)")
        }
        return out
    }
}
