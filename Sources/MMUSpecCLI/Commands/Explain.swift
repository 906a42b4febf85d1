import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL

/// `mmuspec explain`: which ingredients of a variant that holds are necessary.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Flip each flag of a variant that holds, one at a time, and report which flips break it.",
        discussion: """
        For every flag (and every other value of an enumeration flag) the flipped variant is \
        checked like `check` does. A flip that breaks the invariant is printed with its shortest \
        counterexample's length and its interleaving (runs of steps per instance); a flip after \
        which the variant still holds does not matter on its own. --per FLAG prints one table for \
        each value of FLAG (FLAG itself is not flipped), e.g. the TDP MMU (fault_lock=read) and \
        the legacy MMU (fault_lock=write); a value whose base is violated gets one line saying so. \
        A flag is necessary only when no other value keeps the property. Exits 0; 2 when the base \
        variant does not hold (with --per: for no value); 3 when a base check is undecided (timeout, \
        memory budget), and 3 after the tables when a flip is UNKNOWN (it ran out of the limits, its \
        job could not run, or it is missing from --merge's files). --timeout bounds the whole \
        explain: each flip gets the time left when it starts. \
        With --jobs J the flips run as `mmuspec check` child processes, J at once, as `sweep` runs \
        its jobs, and print the same tables. --shard K/N --format jsonl makes only the flips whose \
        index is K-1 modulo N and prints one mmuspec.explain/1 line per flip; the same command \
        with --merge FILES (instead of --shard) prints the tables from them. See docs/sweep.md.

        Example:
          mmuspec explain apic-access-zap --variant upstream
          mmuspec explain apic-access-zap --variant upstream --per fault_lock
          mmuspec explain apic-access-zap --variant upstream --per fault_lock --jobs 4
          mmuspec explain apic-access-zap --variant upstream --shard 1/2 --format jsonl
          mmuspec explain apic-access-zap --variant upstream --merge p1.jsonl p2.jsonl
        """
    )

    @OptionGroup var selection: ModelSelection

    @Option(help: ArgumentHelp("Print one table per value of this flag, which is then not flipped.", valueName: "FLAG"))
    var per: String?

    @OptionGroup var search: SearchOptions

    @Option(parsing: .unconditional, help: """
        Run the flips as child `mmuspec check` processes, this many at once (1...64; default: one \
        after another in this process).
        """)
    var jobs: Int?

    @Option(help: ArgumentHelp("Make only shard K of N of the flips (1-based; needs --format jsonl).", valueName: "K/N"))
    var shard: String?

    @Option(help: "Output format: text (the tables) or jsonl (one mmuspec.explain/1 object per flip, run as jobs).")
    var format: SweepFormat = .text

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "Print the tables from these files' flips (of --shard runs of the same command) instead of checking them.",
        valueName: "FILE"))
    var merge: [String] = []

    func validate() throws {
        if let jobs, !(1...64).contains(jobs) { throw Failure.usage("--jobs must be in 1...64, not \(jobs)") }
        if let shard {
            _ = try Shard(parsing: shard)
            guard format == .jsonl else { throw Failure.usage("--shard makes part of the flips: give --format jsonl") }
        }
        if !merge.isEmpty, shard != nil || jobs != nil {
            throw Failure.usage("--merge reads the flips from files: give no --shard or --jobs")
        }
    }

    /// One table to print: a base that holds and the flips of its flags.
    struct Table {
        let title: String
        let flips: FlagFlips
        let fixed: Set<String>
        let base: CheckOutcome
    }

    /// What explain prints after the header, in order: a table, or the line of a base that is violated.
    enum Block {
        case table(Table)
        case note(String)
    }

    func run() throws {
        let limits = search.limits, depth = search.depth
        let deadline = limits.deadline()
        let model = try wrap { try selection.protocolModel() }
        let base = try wrap { try selection.configuration(of: model) }
        let pairs = base.flags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            + base.parameters.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) }
        var groups: [(title: String, overrides: [(String, String)], fixed: Set<String>)] = []
        let given = try wrap { try selection.overridePairs(of: model) }
        let name = (selection.variant ?? "the default variant")
            + (given.isEmpty ? "" : " with " + given.map { "\($0.0)=\($0.1)" }.joined(separator: ", "))
        if let per {
            guard let flag = model.flags.first(where: { $0.name == per }) else {
                throw Failure.usage("--per: model '\(model.name)' has no flag '\(per)'; valid: "
                                    + model.flags.map(\.name).joined(separator: ", "))
            }
            for v in flag.values {
                groups.append(("\(name)\(given.isEmpty ? " with" : ",") \(per)=\(v)", pairs + [(per, v)], [per]))
            }
        } else {
            groups.append((name, pairs, []))
        }
        let chosen = search.engine
        let header = TextOutput.header(try wrap { try model.instantiate(base) })
        // The base checks, in this process, in order; then the flips of the bases that hold.
        var blocks: [Block] = []
        for g in groups {
            let flips = FlagFlips(model: model, preset: selection.variant, overrides: g.overrides)
            let outcome = try wrap {
                let options = CheckOptions(maxDepth: depth, timeout: Limits.left(deadline).map { max($0, 0.001) },
                                           memoryLimit: limits.memory, notice: Limits.notice,
                                           symmetry: !search.noSymmetry, model: model)
                let (o, _) = try chosen.check(try flips.baseProgram(), options, progress: Progress.handler("explain base"))
                return o
            }
            switch outcome {
            case .violated(let traces):
                Progress.finish()
                // With --per, the other values' tables are still worth printing; say which base is broken.
                guard groups.count > 1 else {
                    throw Failure.usage("explain needs a variant that holds, but \(g.title) is violated in "
                                        + "\(traces[0].steps.count) steps (see mmuspec check)")
                }
                blocks.append(.note("flips of \(g.title): not made, the base itself is VIOLATED in \(traces[0].steps.count) "
                                    + "steps (see mmuspec check): " + traces[0].interleavingSummary))
            case .unknown(let reason, let d):
                Progress.finish()
                throw Failure(message: "the check of \(g.title) gave up at depth \(d) (\(reason))", status: 3)
            case .holds, .proved:
                blocks.append(.table(Table(title: g.title, flips: flips, fixed: g.fixed, base: outcome)))
            }
        }
        Progress.finish()
        let tables = blocks.compactMap { if case .table(let t) = $0 { return t }; return nil }
        guard !tables.isEmpty else {
            throw Failure.usage("explain needs a variant that holds, but the base is violated for every value of --per \(per ?? "")")
        }
        var results: [[FlagFlips.Flip]]
        if jobs == nil && shard == nil && format == .text && merge.isEmpty {
            results = try tables.map { t in
                try wrap {
                    try t.flips.flips(except: t.fixed, engine: chosen, maxDepth: depth,
                                      timeout: Limits.left(deadline).map { max($0, 0.001) }, memoryLimit: limits.memory,
                                      notice: Limits.notice, symmetry: !search.noSymmetry,
                                      progress: { Progress.handler("explain \($0)") })
                }
            }
        } else {
            let planned = try wrap {
                try tables.indices.flatMap { ti in try tables[ti].flips.candidates(except: tables[ti].fixed).map { (ti, $0) } }
            }
            let records = try merge.isEmpty ? runJobs(planned, tables, model: model, deadline: deadline)
                : try mergedRecords(planned, tables, model: model)
            if format == .jsonl {
                try JSONLines.print(records)
                if records.contains(where: { ["unknown", "error"].contains($0.verdict) }) { throw ExitCode(3) }
                return
            }
            results = tables.map { _ in [] }
            let byJob = Dictionary(records.map { ($0.job, $0) }, uniquingKeysWith: { a, _ in a })
            for (n, (ti, c)) in planned.enumerated() {
                if let flip = byJob[n]?.flip {
                    results[ti].append(flip)
                } else {
                    results[ti].append(FlagFlips.Flip(flag: c.flag, from: c.from, to: c.to,
                                                      verdict: .unknown(reason: "missing: job \(n) is in none of the files")))
                }
            }
        }
        var lines = header
        var next = 0
        for b in blocks {
            lines.append("")
            switch b {
            case .note(let line): lines.append(line)
            case .table(let t):
                lines += ExplainOutput.table(title: "flips of \(t.title), one flag at a time:", base: t.base, flips: results[next])
                next += 1
            }
        }
        print(lines.joined(separator: "\n"))
        // An undecided flip (timeout, memory budget, a job that could not run) leaves the table
        // without an answer for that flip: the run is undecided, like any check that gives up.
        let undecided = results.joined().contains { if case .unknown = $0.verdict { return true }; return false }
        if undecided { throw ExitCode(3) }
    }

    /// Runs `body`, mapping library errors to the CLI's one-line failures.
    func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            Progress.finish()
            throw Failure.from(error)
        }
    }
}
