import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL

/// `mmuspec check`: bounded search for the shortest violation.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search executions up to a depth for the shortest one that breaks the model's properties.",
        discussion: """
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

    @Option(help: """
        Output format: text, json, itf (ITF JSON of the counterexample; with \
        --max-counterexamples > 1, JSON Lines: one ITF document a line) or svg (an SVG swimlane of the first counterexample). itf and \
        svg print the text output when no violation is found.
        """)
    var format: CheckFormat = .text

    func validate() throws {
        guard (1...100).contains(maxCounterexamples) else {
            throw Failure.usage("--max-counterexamples must be in 1...100, not \(maxCounterexamples)")
        }
    }

    func run() throws {
        let program: Program
        let outcome: CheckOutcome
        let decided: Engine
        do {
            program = try selection.program()
            let limits = search.limits
            let options = CheckOptions(maxDepth: search.depth, timeout: limits.timeout,
                                       maxCounterexamples: maxCounterexamples, memoryLimit: limits.memory,
                                       notice: Limits.notice, symmetry: !search.noSymmetry,
                                       model: try selection.protocolModel())
            (outcome, decided) = try search.engine.check(program, options, progress: Progress.handler("check"))
            Progress.finish()
        } catch {
            Progress.finish()
            throw Failure.from(error)
        }
        switch (format, outcome) {
        case (.itf, .violated(let traces)):
            do {
                // One trace: one ITF document. More asked for: JSON Lines, one ITF document a line
                // (ADR-015 defines one trace per document, and a JSON array of them is not one).
                let itf = traces.map { ITFTrace(program: program, trace: $0) }
                print(try maxCounterexamples > 1 ? itf.map { try $0.jsonLine() }.joined() : itf[0].json(), terminator: "")
            } catch {
                throw Failure.from(error)
            }
        case (.svg, .violated(let traces)):
            print(SVGSwimlane().render(traces[0]), terminator: "")
        case (.json, _): print(try JSONOutput.encode(CheckReport(program: program, engine: decided.rawValue, outcome: outcome)))
        default:
            print(TextOutput.check(program: program, engine: decided, outcome: outcome, requested: maxCounterexamples)
                .joined(separator: "\n"))
        }
        switch outcome {
        case .violated: throw ExitCode(1)
        case .holds, .proved: return
        case .unknown: throw ExitCode(3)
        }
    }
}
