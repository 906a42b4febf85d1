import ProtocolDSL

/// The human-readable output of `query --coverage`.
public enum CoverageOutput {
    /// The coverage table: one line per label, then a summary naming the unreachable ones.
    public static func lines(program: Program, depth: Int, entries: [LabelCoverage.Entry]) -> [String] {
        var out = TextOutput.header(program)
        out.append("  query: coverage of every label within \(depth) steps")
        out.append("")
        let width = max(5, entries.map { $0.kind.count + 1 + $0.label.count }.max() ?? 0)
        out.append("location".padding(toLength: width, withPad: " ", startingAt: 0) + "  first reached")
        for e in entries {
            let name = "\(e.kind)@\(e.label)".padding(toLength: width, withPad: " ", startingAt: 0)
            out.append(name + "  " + status(e, depth))
        }
        let missing = entries.filter { $0.firstDepth == nil }
        out.append("")
        if missing.isEmpty {
            out.append("every label is reachable (\(entries.count) locations)")
        } else {
            out.append("\(missing.count) of \(entries.count) locations never reached: "
                       + missing.map { "\($0.kind)@\($0.label)" }.joined(separator: ", "))
            out.append("an unreachable label is usually a modelling mistake (a guard that never holds, "
                       + "a jump that skips it, or a flag that disables it)")
        }
        return out
    }

    /// One location's status, in words.
    public static func status(_ e: LabelCoverage.Entry, _ depth: Int) -> String {
        if let d = e.firstDepth { return "depth \(d)" }
        if e.unknown { return "UNKNOWN (the search could not decide)" }
        return e.complete ? "UNREACHABLE in every execution" : "UNREACHABLE within \(depth) steps"
    }
}
