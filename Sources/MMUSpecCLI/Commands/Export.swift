import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL
import TestGen

/// `mmuspec export`: the model in another tool's language.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a model as an SMT-LIB2 bounded query or as a Promela model for SPIN, on stdout.",
        discussion: """
        --format smt2: the query "is there an execution of at most --depth steps that reaches a \
        bad state (a false invariant, an error or a deadlock)" as one script that the z3 and cvc5 \
        command-line solvers accept unchanged: sat exactly when `mmuspec check --depth K` finds a \
        violation; a script estimated over 256 MB is refused (exit 2). --format promela: the \
        model for SPIN, one atomic statement per step, locks as guarded holds, the invariants as a monitor process, liveness properties as ltl formulas for \
        pan -a -N NAME (with -f, weak fairness, when every kind is weakly fair; strong fairness, or \
        weak beside none, is written into the formula, compiled with -DNOREDUCE) (--depth does not \
        apply); values beyond \
        32 bits that are only copied and compared are written as ranks, and a model Promela's \
        32-bit int cannot express faithfully is refused (exit 2, naming the variable). itf is not \
        supported here (use `mmuspec check --format itf`). Exits 0 after writing.

        Example:
          mmuspec export apic-access-zap --variant zap-read-lock --format smt2 --depth 7 > q.smt2 && z3 q.smt2
          mmuspec export apic-access-zap --variant upstream --format promela > m.pml && spin -a m.pml
        """
    )

    @OptionGroup var selection: ModelSelection

    @Option(help: "The output format.")
    var format: ExportFormat

    @Option(parsing: .unconditional, help: "The bound: executions of at most this many steps (1...\(SearchOptions.maxDepth)).")
    var depth: Int = 20

    func validate() throws {
        guard (1...SearchOptions.maxDepth).contains(depth) else {
            throw Failure.usage("--depth must be in 1...\(SearchOptions.maxDepth), not \(depth)")
        }
    }

    func run() throws {
        let text: String
        do {
            let program = try selection.program()
            text = format == .promela ? try PromelaExporter(program: program).render()
                : try SMTExport(program: program).smtlib2(depth: depth)
        } catch {
            throw Failure.from(error)
        }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
