import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL

/// `mmuspec check`: bounded search for the shortest violation.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search executions up to a depth for the shortest one that breaks the model's properties.",
        discussion: """
        Checks every property: the invariants (with deadlock, assertions, lock misuse and bounds) \
        up to the depth, and each liveness property over the whole state graph, on fair \
        executions (a violation is a lasso: a stem and a loop repeated forever); with --engine bmc \
        by BMC on the liveness-to-safety translation, up to the depth. --property NAME \
        (repeatable) checks only the named invariants and liveness properties. \
        Exits 0 when no violation exists up to the depth (the output says when the search \
        reached the model's full depth, i.e. the property holds for all executions), 1 when \
        one is found, 3 on timeout, memory budget or solver unknown.

        Example:
          mmuspec check apic-access-zap --variant zap-read-lock-bump
          mmuspec check notifier-invalidate --variant upstream --vcpus 2 --format json
        """
    )

    @OptionGroup var selection: ModelSelection

    @OptionGroup var search: SearchOptions

    @Option(name: .long, parsing: .unconditional, help: "How many distinct counterexamples to print (1...100).")
    var maxCounterexamples: Int = 1

    @Option(name: .customLong("property"), help: ArgumentHelp(
        "Check only this invariant or liveness property (repeatable); default: every property.", valueName: "name"))
    var properties: [String] = []

    @Option(help: """
        Output format: text, json, itf (ITF JSON of the counterexample; with \
        --max-counterexamples > 1, JSON Lines: one ITF document a line) or svg (an SVG swimlane of the first counterexample). itf and \
        svg print the text output when no violation is found.
        """)
    var format: CheckFormat = .text

    @Flag(name: .customLong("hash-compact"), help: """
        With --engine explicit: store each state of the invariant search as a 64-bit signature \
        (hash compaction, like SPIN's -DHC): a state takes one word, and the output states the \
        probability that two states shared a signature, so that a "holds" may be wrong or a \
        counterexample not shortest. Liveness properties are still checked exactly.
        """)
    var hashCompact = false

    func validate() throws {
        guard (1...100).contains(maxCounterexamples) else {
            throw Failure.usage("--max-counterexamples must be in 1...100, not \(maxCounterexamples)")
        }
        if hashCompact && search.engine != .explicit {
            throw Failure.usage("--hash-compact needs --engine explicit (it stores the explicit search's states), "
                                + "not --engine \(search.engine.rawValue)")
        }
    }

    func run() throws {
        let program: Program
        var outcome: CheckOutcome?
        var decided = search.engine
        var liveness: [LivenessResult] = []
        var compaction: HashCompaction?
        do {
            let limits = search.limits
            let deadline = limits.timeout.map { Date().addingTimeInterval($0) }
            let whole = try selection.program()
            program = properties.isEmpty ? whole : try whole.selectingProperties(properties)
            // Only liveness properties selected: no safety search (it would check the model's own
            // deadlock and assertion checks, which were not asked for).
            if properties.isEmpty || !program.invariants.isEmpty {
                let options = CheckOptions(maxDepth: search.depth, timeout: limits.timeout,
                                           maxCounterexamples: maxCounterexamples, memoryLimit: limits.memory,
                                           notice: Limits.notice, symmetry: !search.noSymmetry,
                                           model: try selection.protocolModel())
                if hashCompact {
                    let (o, c) = try ExplicitChecker(program: program)
                        .checkCompacted(options, progress: Progress.handler("check"))
                    (outcome, compaction) = (o, c)
                } else {
                    let (o, e) = try search.engine.check(program, options, progress: Progress.handler("check"))
                    (outcome, decided) = (o, e)
                }
            } else {
                decided = search.engine == .bmc ? .bmc : .explicit
            }
            // bmc: lassos by BMC on the liveness-to-safety translation; else the explicit fair-cycle search.
            liveness = search.engine == .bmc
                ? try SymbolicLivenessChecker(program: program).check(maxDepth: search.depth, deadline: deadline)
                : try LivenessChecker(program: program).check(deadline: deadline, memory: limits.memory)
            Progress.finish()
        } catch {
            Progress.finish()
            throw Failure.from(error)
        }
        let lassos = liveness.compactMap { r -> Trace? in
            if case .violated(let l) = r.outcome { return l.trace }
            return nil
        }
        let traces: [Trace] = { if case .violated(let t)? = outcome { return t }; return lassos }()
        switch format {
        case .itf where !traces.isEmpty:
            do {
                // One trace: one ITF document. More asked for: JSON Lines, one ITF document a line
                // (ADR-015 defines one trace per document, and a JSON array of them is not one).
                let itf = traces.map { ITFTrace(program: program, trace: $0) }
                print(try maxCounterexamples > 1 ? itf.map { try $0.jsonLine() }.joined() : itf[0].json(), terminator: "")
            } catch {
                throw Failure.from(error)
            }
        case .svg where !traces.isEmpty:
            print(SVGSwimlane().render(traces[0]), terminator: "")
        case .json:
            var report = CheckReport(program: program, engine: decided.rawValue, outcome: outcome, liveness: liveness)
            report.hashCompaction = compaction.map(HashCompactionReport.init)
            print(try JSONOutput.encode(report))
        default:
            var lines: [String]
            if let outcome {
                lines = TextOutput.check(program: program, engine: decided, outcome: outcome, requested: maxCounterexamples,
                                         properties: program.liveness.isEmpty ? "the properties" : "the invariants")
            } else {
                lines = TextOutput.header(program)
            }
            if let compaction { lines += ["", TextOutput.hashCompactionLine(compaction)] }
            if !program.liveness.isEmpty {
                lines.insert(TextOutput.fairnessLine(program), at: TextOutput.header(program).count)
                lines += liveness.flatMap(TextOutput.liveness)
            }
            print(lines.joined(separator: "\n"))
        }
        let safety: Int32 = {
            switch outcome {
            case .violated?: return 1
            case .unknown?: return 3
            case .holds?, .proved?, nil: return 0
            }
        }()
        if safety == 1 || !lassos.isEmpty { throw ExitCode(1) }
        if safety == 3 || liveness.contains(where: { if case .unknown = $0.outcome { return true }; return false }) {
            throw ExitCode(3)
        }
    }
}
