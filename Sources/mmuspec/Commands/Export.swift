import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL

/// `mmuspec export`: the model in another tool's language.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the bounded check of a model as an SMT-LIB2 script (QF_BV) on stdout.",
        discussion: """
        --format smt2: the query "is there an execution of at most --depth steps that reaches a \
        bad state (a false invariant, an error or a deadlock)" as one script that the z3 and cvc5 \
        command-line solvers accept unchanged: sat exactly when `mmuspec check --depth K` finds a \
        violation. promela and itf are not yet supported. Exits 0 after writing the script.

        Example:
          mmuspec export apic-access-zap --variant zap-read-lock --format smt2 --depth 7 > q.smt2 && z3 q.smt2
        """
    )

    @OptionGroup var selection: ModelSelection

    @Option(help: "The output format: smt2 (promela and itf are not yet supported).")
    var format: String

    @Option(help: "The bound: executions of at most this many steps (1...\(Check.maxDepth)).")
    var depth: Int = 20

    func validate() throws {
        if ["promela", "itf"].contains(format) {
            throw Failure.usage("export --format \(format) is not yet supported; valid now: smt2")
        }
        guard format == "smt2" else {
            throw Failure.usage("unknown format '\(format)'; valid: smt2 (promela and itf are not yet supported)")
        }
        guard (1...Check.maxDepth).contains(depth) else {
            throw Failure.usage("--depth must be in 1...\(Check.maxDepth), not \(depth)")
        }
    }

    func run() throws {
        let text: String
        do {
            text = try SMTExport(program: try selection.program()).smtlib2(depth: depth)
        } catch {
            throw Failure.from(error)
        }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
