import ArgumentParser

/// The root command.
struct MMUSpec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmuspec",
        abstract: "Check lock protocols written in a Swift DSL with Z3, and replay their bugs as tests.",
        discussion: """
        Exit status: 0 the property holds, 1 a violation was found, 2 bad input or usage, 3 unknown \
        (timeout, solver unknown).

        Example:
          mmuspec check apic-access-zap --variant zap-read-lock-bump
        """,
        version: Version.line,
        subcommands: [List.self, Show.self, Check.self, Prove.self, Query.self, Explain.self, Export.self, EmitTests.self]
    )
}
