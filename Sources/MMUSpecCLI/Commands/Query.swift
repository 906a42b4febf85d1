import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL

/// `mmuspec query`: is a state reachable (with a shortest witness), or which labels are reachable.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask whether a state is reachable (--reach EXPR) or which labels are (--coverage).",
        discussion: """
        --reach EXPR: EXPR is a condition over globals (mmu_notifier_seq), array elements \
        (host_pfn[0]), an instance's locals (vcpu[1].mmu_seq), locations (vcpu[0]@fault.map: the \
        instance is about to execute that step; inhibit[0]@done: it has terminated; vcpu@fault.map: \
        some vcpu is there), integers, true/false, enumeration cases (retry or "retry"), with \
        == != < <= > >= + - ! && || and parentheses. Prints a shortest execution that reaches such \
        a state and exits 0; exits 1 when none exists within --depth steps ("unreachable in every \
        execution" when the search was complete); 3 when the search could not decide (also on \
        timeout or memory budget).

        --coverage: for every label of every process kind (and done), whether it is reachable and \
        the depth of a shortest execution reaching it. A label never reached is usually a modelling \
        mistake. Exits 0 when every label is reachable, 1 otherwise.

        Example:
          mmuspec query apic-access-zap --variant zap-read-lock --reach 'vcpu[0]@fault.map && inhibit[0]@done'
          mmuspec query apic-access-zap --variant upstream --reach 'vcpu[0]@fault.map && inhibit[0]@done' --prove
          mmuspec query apic-access-zap --variant upstream --coverage
        """
    )

    @OptionGroup var selection: ModelSelection

    @Option(parsing: .unconditional, help: ArgumentHelp("The condition to reach (see above).", valueName: "EXPR"))
    var reach: String?

    @Flag(help: "Report for every label whether it is reachable, and at which depth first.")
    var coverage = false

    @OptionGroup var search: SearchOptions

    @Option(help: "Output format.")
    var format: QueryFormat = .text

    @Flag(help: "When --reach finds no witness, prove with Spacer that none exists in any execution.")
    var prove = false


    func validate() throws {
        if reach != nil && coverage {
            throw Failure.usage("give either --reach EXPR or --coverage, not both")
        }
        if reach == nil && !coverage {
            throw Failure.usage("give --reach EXPR or --coverage")
        }
        if prove && (reach == nil || format != .text) {
            throw Failure.usage("--prove goes with --reach and text output")
        }
    }

    func run() throws {
        if let text = reach { try runReach(text) } else { try runCoverage() }
    }

    func runReach(_ text: String) throws {
        let deadline = search.limits.deadline()
        let query = try ReachCondition.query(text, selection)
        let answer: ReachabilityQuery.Answer
        let used: Engine
        do {
            (answer, used) = try query.run(engine: search.engine, maxDepth: search.depth, timeout: search.limits.timeout,
                                           memoryLimit: search.limits.memory, notice: Limits.notice,
                                           symmetry: !search.noSymmetry, progress: Progress.handler("query"))
            Progress.finish()
        } catch {
            Progress.finish()
            throw Failure.from(error)
        }
        if format == .json {
            print(try JSONOutput.encode(QueryReport(program: query.program, expression: text, engine: used.rawValue,
                                                    answer: answer)))
        } else {
            print(QueryOutput.reach(program: query.program, expression: text, engine: used, answer: answer)
                .joined(separator: "\n"))
        }
        if prove, case .unreachable = answer { try proveUnreachable(query, deadline: deadline) }
        switch answer {
        case .reachable: return
        case .unreachable: throw ExitCode(1)
        case .blocked, .unknown: throw ExitCode(3)
        }
    }

    /// `--prove`: Spacer on the invariant !EXPR; proved means unreachable in every execution.
    func proveUnreachable(_ query: ReachabilityQuery, deadline: Date?) throws {
        let outcome: ProofOutcome
        do {
            outcome = try Prover(program: query.program)
                .prove(engine: .spacer, timeout: Limits.left(deadline).map { max($0, 0.001) })
        } catch {
            throw Failure.from(error)
        }
        switch outcome {
        case .proved(let cert):
            print("PROVED: unreachable in every execution (spacer; certificate re-checked in a fresh Z3 solver: "
                  + cert.rechecked.joined(separator: ", ") + ")")
        case .violated:
            print("REACHABLE beyond depth \(search.depth): spacer derived a reachable state; raise --depth for a witness")
            throw ExitCode(0)
        case .unknown(let reason):
            print("UNKNOWN: the proof did not finish (\(reason))")
            throw ExitCode(3)
        }
    }

    func runCoverage() throws {
        let entries: [LabelCoverage.Entry]
        let program: Program
        do {
            program = try selection.program()
            entries = try LabelCoverage(program: program).run(engine: search.engine, maxDepth: search.depth,
                                                              timeout: search.limits.timeout, memoryLimit: search.limits.memory,
                                                              notice: Limits.notice,
                                                              progress: { Progress.handler("coverage \($0)") })
            Progress.finish()
        } catch {
            Progress.finish()
            throw Failure.from(error)
        }
        if format == .json {
            print(try JSONOutput.encode(CoverageReport(program: program, depth: search.depth, entries: entries)))
        } else {
            print(CoverageOutput.lines(program: program, depth: search.depth, entries: entries).joined(separator: "\n"))
        }
        if entries.contains(where: { $0.firstDepth == nil && $0.unknown }) { throw ExitCode(3) }
        if entries.contains(where: { $0.firstDepth == nil }) { throw ExitCode(1) }
    }
}
