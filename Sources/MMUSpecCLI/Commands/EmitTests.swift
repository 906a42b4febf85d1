import ArgumentParser
import Foundation
import ProtocolDSL
import TestGen

/// `mmuspec emit-tests`: writes every counterexample as an XCTest replaying it on the real MMU.
struct EmitTests: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit-tests",
        abstract: "Write each counterexample as an XCTest that replays its interleaving on the model's implementation.",
        discussion: """
        One file per (model, preset, counterexample), named MODEL_PRESET_CE<n>Tests.swift, holding the \
        counterexample as data and calling the model's replay target (named in the catalog): a \
        witness test (the bug shows on the real implementation on the preset) and a regression \
        test (the same schedule is harmless on the model's first preset that holds). Without \
        --variant, every preset of MODEL whose check finds a violation; with --all, every such \
        preset of every model with a replay target. Generated files that are no longer produced \
        are removed (only files carrying the generated header).

        Example:
          mmuspec emit-tests apic-access-zap --variant zap-read-lock-bump
          mmuspec emit-tests --all --max-counterexamples 2
        """
    )

    @Argument(help: "The model's name (see `mmuspec list`); omit with --all.")
    var model: String?

    @Option(name: .long, help: "A preset of flag values (default: every preset that is violated).")
    var variant: String?

    @Flag(name: .long, help: "Every violated preset of every model.")
    var all = false

    @Option(name: .long, parsing: .unconditional, help: "How many distinct counterexamples per preset (1...20).")
    var maxCounterexamples: Int = 1

    @Option(parsing: .unconditional, help: "The largest number of steps searched (1...\(SearchOptions.maxDepth)).")
    var depth: Int = 60

    @Option(help: "The output directory.")
    var out: String = "Tests/GeneratedReplayTests"

    func validate() throws {
        if all {
            guard model == nil, variant == nil else {
                throw ValidationError("--all takes no MODEL or --variant")
            }
        } else if model == nil {
            throw ValidationError("give a MODEL or --all")
        }
        guard (1...20).contains(maxCounterexamples) else {
            throw ValidationError("--max-counterexamples must be in 1...20, not \(maxCounterexamples)")
        }
        guard (1...SearchOptions.maxDepth).contains(depth) else {
            throw ValidationError("--depth must be in 1...\(SearchOptions.maxDepth), not \(depth)")
        }
    }

    func run() throws {
        try OutputDirectory.check(out, option: "--out")
        // The Regenerate line names the executable that was run (`mmuspec`, or a package's own).
        let tool = URL(fileURLWithPath: CommandLine.arguments.first ?? "mmuspec").lastPathComponent
        let generator = ReplayTestGenerator(catalog: CurrentCatalog.catalog, maxCounterexamples: maxCounterexamples,
                                            maxDepth: depth, emitter: ReplayTestEmitter(tool: tool))
        let cases: [ReplayCase]
        let scope: GeneratedFileWriter.Scope
        do {
            if all {
                cases = try generator.allCases()
                scope = .all
            } else {
                let m = try CurrentCatalog.catalog.model(named: model ?? "")
                if let variant {
                    cases = try generator.cases(model: m, preset: variant)
                    scope = .preset(model: m.name, preset: variant)
                } else {
                    cases = try generator.allCases(models: [m])
                    scope = .model(m.name)
                }
            }
            let files = generator.files(for: cases)
            let writer = GeneratedFileWriter(directory: URL(fileURLWithPath: out, isDirectory: true))
            let removed = try writer.write(files, scope: scope)
            for file in files { print("wrote \(out)/\(file.name)") }
            for name in removed { print("removed \(out)/\(name)") }
            if files.isEmpty { print("no violated preset: nothing to write") }
        } catch let e as TestGenError {
            switch e {
            case .unknownPreset, .noReplayHarness, .io: throw Failure.usage(e.description)
            default: throw Failure(message: e.description, status: 3)
            }
        } catch {
            throw Failure.from(error)
        }
    }
}
