import ArgumentParser
import ModelChecker

/// The options of every command that searches executions (check, query, explain, sweep): how
/// deep, with which engine, within which limits.
struct SearchOptions: ParsableArguments {
    /// The largest depth accepted; deeper searches are not useful at this scale.
    static let maxDepth = 1000

    @Option(parsing: .unconditional, help: "The largest number of steps searched (1...\(SearchOptions.maxDepth)).")
    var depth: Int = 60

    @Option(help: ArgumentHelp("The search engine: \(Engine.helpList).", valueName: "engine"))
    var engine: Engine = .auto

    @OptionGroup var limits: Limits

    @Flag(name: .customLong("no-symmetry"), help: "Search every instance permutation (no symmetry reduction).")
    var noSymmetry = false

    func validate() throws {
        guard (1...Self.maxDepth).contains(depth) else {
            throw Failure.usage("--depth must be in 1...\(Self.maxDepth), not \(depth)")
        }
    }
}

extension SearchOptions {
    /// The arguments that give a child `mmuspec check` job these options, with `timeout` as
    /// its time limit, and `--format json` (what `sweep` and `explain --jobs` read back).
    func jobArguments(timeout: Double?) -> [String] {
        var args = ["--depth", String(depth), "--engine", engine.rawValue, "--format", "json"]
        if let timeout { args += ["--timeout", String(timeout)] }
        if noSymmetry { args.append("--no-symmetry") }
        if let m = limits.memoryLimit { args += ["--memory-limit", String(m)] }
        return args
    }
}
