import ProtocolDSL

/// The human-readable output of the checking commands.
public enum TextOutput {
    /// A header naming the model, variant, flags and parameters.
    public static func header(_ program: Program) -> [String] {
        let c = program.configuration
        return ["model \(program.modelName)" + (c.preset.map { ", variant \($0)" } ?? "")]
            + wrapped("  flags:", c.flags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
            + wrapped("  parameters:", c.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
    }

    /// `head` followed by `items`, wrapped at 100 columns with continuation lines indented.
    public static func wrapped(_ head: String, _ items: [String], width: Int = 100) -> [String] {
        var lines: [String] = []
        var line = head
        for item in items {
            if line.count + 1 + item.count > width {
                lines.append(line)
                line = String(repeating: " ", count: head.count)
            }
            line += " " + item
        }
        lines.append(line)
        return lines
    }

    /// The engine that decided, as a header line.
    public static func engineLine(_ engine: Engine) -> String {
        "  engine: \(engine) (\(engine.summary))"
    }

    /// A trace's data choices and swimlane, framed by blank lines.
    public static func traceBlock(_ t: Trace) -> [String] {
        var out: [String] = []
        if !t.dataChoices.isEmpty {
            out.append("  data choices: " + t.dataChoices.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
        }
        out.append("")
        out += Swimlane(width: 100).render(t)
        out.append("")
        return out
    }

    /// Says that fewer distinct counterexamples were found than asked for, and what was searched.
    public static func fewerLine(found: Int, requested: Int, engine: Engine) -> String {
        "only \(found) distinct counterexample\(found == 1 ? "" : "s") (of \(requested) asked for): "
            + (engine.exploresStates ? "every violating state of the shortest length was looked at"
                                   : "every execution up to --depth was looked at")
            + "; distinct means up to permuting interchangeable instances and data choices no step reads"
    }

    /// The line that qualifies a search with hash compaction: what it stored, and how likely
    /// a state was missed (a "holds" then may be wrong, a counterexample may not be shortest).
    public static func hashCompactionLine(_ c: HashCompaction) -> String {
        "hash compaction: \(Program.plural(c.states, "state")) stored as \(c.signatureBits)-bit signatures; "
            + "the probability that two shared one (and a state was not explored) is at most \(c.formattedBound)"
    }

    /// The result of `check`; `requested` is `--max-counterexamples`; `properties` names what
    /// the search decided (`the invariants` when liveness properties are reported after it).
    public static func check(program: Program, engine: Engine, outcome: CheckOutcome, requested: Int = 1,
                             properties: String = "the properties") -> [String] {
        var out = header(program)
        out.append(engineLine(engine))
        switch outcome {
        case .violated(let traces):
            for (n, t) in traces.enumerated() {
                let v = t.violation!
                out.append("")
                out.append("VIOLATED (\(v.kind.rawValue)) in \(t.steps.count) steps"
                           + (traces.count > 1 ? " [counterexample \(n + 1) of \(traces.count)]" : ""))
                out.append("  \(v.message)")
                if v.kind == .invariant, let clause = FalseClause(t) {
                    let display = ValueDisplay(layout: t.layout)
                    out.append("  \(clause.invariant): \(clause.expression)")
                    if !clause.values.isEmpty {
                        out.append("  after step \(t.steps.count): " + display.assignments(clause.values, relativeTo: nil))
                    }
                }
                out += traceBlock(t)
                out.append("violation after step \(t.steps.count): \(v.message)")
            }
            if traces.count < requested {
                out.append("")
                out.append(fewerLine(found: traces.count, requested: requested, engine: engine))
            }
        case .holds(let depth, let complete):
            out.append("")
            if complete && engine.exploresStates {
                out.append("HOLDS: no execution violates \(properties) (every reachable state was explored; "
                           + "the farthest is \(depth) steps from the start)")
            } else if complete {
                out.append("HOLDS: no execution violates \(properties) (the search reached the model's full depth: "
                           + "no execution is longer than \(depth) steps)")
            } else {
                out.append("HOLDS up to depth \(depth): no violation in executions of at most \(depth) steps "
                           + "(longer executions exist; raise --depth to search further)")
            }
        case .unknown(let reason, let depth):
            out.append("")
            out.append("UNKNOWN: the solver gave up at depth \(depth) (\(reason)); every shorter execution is safe")
        case .proved(let prover):
            out.append("")
            out.append("HOLDS: no execution violates \(properties) (proved for all executions by prove's \(prover) "
                       + "engine; its invariant re-checked by Z3)")
        }
        return out
    }
}
