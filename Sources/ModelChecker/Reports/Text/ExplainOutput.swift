import ProtocolDSL

/// The human-readable output of `explain`.
public enum ExplainOutput {
    /// One table: the base verdict, a row per flip, and which flags are necessary.
    public static func table(title: String, base: CheckOutcome, flips: [FlagFlips.Flip]) -> [String] {
        var out = [title]
        if case .holds(let depth, let complete) = base {
            out.append("  base: HOLDS " + (complete ? "for all executions" : "up to depth \(depth)"))
        } else if case .proved(let prover) = base {
            out.append("  base: HOLDS for all executions (proved by the \(prover) engine)")
        }
        let width = max(4, flips.map { $0.flag.count + $0.from.count + $0.to.count + 4 }.max() ?? 0)
        out.append("  " + "flip".padding(toLength: width, withPad: " ", startingAt: 0) + "  verdict       steps  interleaving")
        for f in flips {
            let name = "\(f.flag) \(f.from)->\(f.to)".padding(toLength: width, withPad: " ", startingAt: 0)
            switch f.verdict {
            case .breaks(let t):
                out.append(breaks(name, steps: t.steps.count, interleaving: t.interleavingSummary))
            case .breaksIn(let steps, let interleaving):
                out.append(breaks(name, steps: steps, interleaving: interleaving))
            case .holds(let depth, let complete):
                out.append("  \(name)  " + (complete ? "still holds" : "holds <= \(depth)")
                    .padding(toLength: 12, withPad: " ", startingAt: 0) + "  -      does not matter alone")
            case .unknown(let reason):
                out.append("  \(name)  UNKNOWN       -      \(reason)")
            case .rejected(let why):
                out.append("  \(name)  rejected      -      \(why)")
            }
        }
        let values = FlagValues.summarize(flips)
        let necessary = values.filter { $0.role == .necessary }
        out.append("  necessary (no other value keeps the property): "
                   + (necessary.isEmpty ? "none" : necessary.map { "\($0.flag)=\($0.base)" }.sorted().joined(separator: ", ")))
        for v in values where v.role == .someValues {
            out.append("  \(v.flag): keeps the property with " + ([v.base + " (base)"] + v.keeping.dropFirst())
                .joined(separator: ", ") + "; breaks it with " + v.breaking.joined(separator: ", "))
        }
        for v in values where v.role == .undecided {
            out.append("  \(v.flag): undecided with " + v.undecided.joined(separator: ", ")
                       + (v.breaking.isEmpty ? "" : "; breaks it with " + v.breaking.joined(separator: ", ")))
        }
        let irrelevant = flips.filter { if case .holds = $0.verdict { return true }; return false }
        out.append("  does not matter alone: " + (irrelevant.isEmpty ? "none"
            : irrelevant.map { "\($0.flag) \($0.from)->\($0.to)" }.joined(separator: ", ")))
        return out
    }

    /// The row of a flip that breaks the property.
    static func breaks(_ name: String, steps: Int, interleaving: String) -> String {
        "  \(name)  BREAKS        " + String(steps).padding(toLength: 5, withPad: " ", startingAt: 0) + "  " + interleaving
    }
}
