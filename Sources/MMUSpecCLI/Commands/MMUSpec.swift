import ArgumentParser
import Foundation
import ProtocolDSL

/// The root command of `mmuspec`.
public struct MMUSpec: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mmuspec",
        abstract: "Check lock protocols written in a Swift DSL with Z3, and replay their bugs as tests.",
        discussion: """
        Exit status: 0 the property holds, 1 a violation was found, 2 bad input or usage, 3 unknown \
        (timeout, solver unknown).

        Example:
          mmuspec check apic-access-zap --variant zap-read-lock-bump
        """,
        version: Version.line,
        subcommands: [List.self, Show.self, Check.self, Prove.self, Query.self, Explain.self, Export.self, EmitTests.self,
                      Sweep.self]
    )

    public init() {}

    /// Runs one command line (without the program's name) over `catalog`'s models, printing its
    /// output, and returns its exit status. A package with its own models and replay targets
    /// builds its own `mmuspec` as `exit(MMUSpec.exitStatus(running: arguments, catalog: mine))`.
    ///
    /// Exit statuses (architecture.md): 0 holds, 1 violation found, 2 bad input or usage, 3 unknown.
    /// ArgumentParser's own usage errors (64) become 2, with one line on stderr. Never calls `exit`.
    public static func exitStatus(running arguments: [String], catalog: ProtocolCatalog) -> Int32 {
        CurrentCatalog.use(catalog)
        do {
            if let repeated = RepeatedOptions.check(arguments) { throw repeated }
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let failure as Failure {
            FileHandle.standardError.write(Data("mmuspec: \(ErrorLine.render(failure.message))\n".utf8))
            return failure.status
        } catch {
            if exitCode(for: error) == .success {
                // --help and --version: full text on stdout.
                print(fullMessage(for: error))
                return 0
            }
            let message = self.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "bad usage"
            FileHandle.standardError.write(Data("mmuspec: \(ErrorLine.render(message))\n".utf8))
            return 2
        }
    }
}
