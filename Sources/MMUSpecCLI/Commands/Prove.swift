import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL

/// `mmuspec prove`: the properties hold for all executions, with a re-checked certificate.
struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prove the model's properties for all executions (invisible invariants, Spacer CHC or k-induction).",
        discussion: """
        invisible explores every reachable state of a small instance (each family of identical \
        instances capped at 2, then 3), projects them onto one or two family members, generalizes \
        over all members and re-checks the result at the requested size; auto (the default) runs \
        invisible, then spacer with the time left. spacer solves Inv(s) <= Init(s); Inv(s') <= Inv(s) /\\ Trans(s,s'); false <= Inv(s) /\\ Bad(s) \
        with Z3's Spacer and prints the inductive invariant in the model's terms; kinduction \
        proves the properties k-inductive over simple paths (k up to \(KInductionProver.defaultMaxK)). \
        A certificate is re-checked in a fresh Z3 solver before PROVED is printed. Liveness \
        properties are decided through their liveness-to-safety translation: invisible takes the \
        translated system's reachable states, explored explicitly, as its invariant; kinduction and \
        spacer as for invariants (auto: invisible, then kinduction, then spacer). Exits 0 when \
        proved, 1 when violated (with the shortest counterexample, as `check` prints it), 3 when \
        unknown (timeout, memory budget, solver unknown, k exhausted).

        Example:
          mmuspec prove apic-access-zap --variant upstream --vcpus 16
          mmuspec prove notifier-invalidate --variant upstream --engine kinduction --timeout 60
        """
    )

    @OptionGroup var selection: ModelSelection

    @Option(help: ArgumentHelp("The proof engine: " + ProofEngine.allCases.map { "\($0) (\($0.summary))" }
        .joined(separator: ", ") + ".", valueName: "engine"))
    var engine: ProofEngine = .auto

    @OptionGroup var limits: Limits

    @Option(name: .customLong("property"), help: ArgumentHelp(
        "Prove only this liveness property (repeatable; the invariant proof is then skipped); default: every property.",
        valueName: "name"))
    var properties: [String] = []

    func validate() throws {
        if let n = selection.vcpus, n < 1 {
            throw Failure.usage("--vcpus must be at least 1, not \(n)")
        }
    }

    func run() throws {
        var program: Program
        var outcome: ProofOutcome?
        var liveness: [LivenessResult] = []
        let start = Date()
        let deadline = limits.deadline()
        do {
            let model = try selection.protocolModel()
            let prover = try Prover(model: model, configuration: try selection.configuration(of: model))
            program = prover.program
            if !properties.isEmpty {
                program = try program.selectingProperties(properties)
                if let invariant = program.invariants.first {
                    throw Failure.usage("prove --property selects liveness properties only, and \(invariant.name) is an "
                                        + "invariant; prove proves every invariant")
                }
            }
            if properties.isEmpty {
                outcome = try prover.prove(engine: engine, timeout: limits.timeout,
                                           memoryLimit: limits.memory, progress: Progress.phases("prove"))
            }
            liveness = try LivenessProof.decide(program, engine: engine, deadline: deadline)
            Progress.finish()
        } catch {
            Progress.finish()
            throw Self.oneLine(Failure.from(error))
        }
        // Stdout is byte-identical across runs: the time goes to stderr.
        let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
        let livenessStatus = LivenessProof.status(liveness)
        let word = outcome.map(Self.verdictWord) ?? ["proved", "violated", "", "unknown"][Int(livenessStatus)]
        FileHandle.standardError.write(Data("prove: \(word) in \(seconds) s\n".utf8))
        // The invariants' verdict, then one verdict per liveness property; the exit status of the worst.
        let livenessLines = program.liveness.isEmpty ? [] : liveness.flatMap(TextOutput.liveness)
        defer { if !livenessLines.isEmpty { print(livenessLines.joined(separator: "\n")) } }
        switch outcome {
        case nil:
            // Only liveness properties were selected.
            var out = TextOutput.header(program)
            out.append("  engine: \(engine)")
            print(out.joined(separator: "\n"))
            if livenessStatus != 0 { throw ExitCode(livenessStatus) }
        case .proved(let cert)?:
            var out = TextOutput.header(program)
            out.append("  engine: \(cert.engine) (\(cert.engine.summary))")
            out.append("")
            out.append("PROVED: no execution violates " + (program.liveness.isEmpty ? "the properties" : "the invariants"))
            out.append(cert.engine.heading(of: cert))
            out += cert.invariant.map { "  " + $0 }
            out.append("certificate re-checked in a fresh Z3 solver (each obligation's negation is unsat):")
            out += cert.rechecked.map { "  " + $0 }
            print(out.joined(separator: "\n"))
            if livenessStatus != 0 { throw ExitCode(livenessStatus) }
        case .violated(let detail)?:
            try printShortestCounterexample(program, detail, deadline: deadline)
            throw ExitCode(1)
        case .unknown(let reason)?:
            var out = TextOutput.header(program)
            out.append("  engine: \(engine)")
            out.append("")
            out.append("UNKNOWN: \(reason)")
            print(out.joined(separator: "\n"))
            throw ExitCode(livenessStatus == 1 ? 1 : 3)
        }
    }

    /// The outcome's verdict in one word, for the timing line on stderr.
    static func verdictWord(_ outcome: ProofOutcome) -> String {
        switch outcome {
        case .proved: return "proved"
        case .violated: return "violated"
        case .unknown: return "unknown"
        }
    }

    /// The failure with its message cut to its first line (Z3's messages can span many).
    static func oneLine(_ f: Failure) -> Failure {
        Failure(message: f.message.split(separator: "\n").first.map(String.init) ?? f.message, status: f.status)
    }

    /// Prints the shortest violation exactly as `check` does (found by `check`'s auto engine,
    /// within the time left before `deadline`).
    func printShortestCounterexample(_ program: Program, _ detail: String, deadline: Date?) throws {
        let outcome: CheckOutcome, decided: Engine
        do {
            let options = CheckOptions(maxDepth: SearchOptions.maxDepth, timeout: Limits.left(deadline).map { max($0, 0.001) },
                                       memoryLimit: limits.memory, notice: Limits.notice,
                                       model: try selection.protocolModel())
            (outcome, decided) = try Engine.auto.check(program, options)
        } catch {
            throw Self.oneLine(Failure.from(error))
        }
        if case .unknown(let reason, _) = outcome {
            var out = TextOutput.header(program)
            out.append("")
            out.append("VIOLATED: \(engine) found a violation (\(detail)); no shortest counterexample within "
                       + "the limits (\(reason))")
            print(out.joined(separator: "\n"))
            return
        }
        guard case .violated = outcome else {
            throw Failure(message: "internal error: \(engine) found a violation (\(detail)) but check found none",
                          status: 3)
        }
        print(TextOutput.check(program: program, engine: decided, outcome: outcome).joined(separator: "\n"))
        print("\nprove (\(engine)): \(detail); the counterexample above is a shortest one")
    }
}
