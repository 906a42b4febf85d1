import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL

/// `mmuspec sweep`: `check` over every combination of flag and parameter values, as independent jobs.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every combination of the given flag and parameter values, as independent jobs.",
        discussion: """
        Each combination is one `mmuspec check` run in its own process, at most --jobs at a time. \\
        --shard K/N runs only the jobs whose index is K-1 modulo N, so a batch system (a Slurm job \\
        array, a Kubernetes indexed job, GNU parallel over hosts) can spread one sweep over \\
        machines with no coordinator; `mmuspec sweep --merge FILES` joins their JSON lines. \\
        Output is in job order whatever order the jobs end in. Exits 1 when some job is violated, \\
        else 3 when some job is unknown or could not run (or, for --merge, is missing), else 0. \\
        See docs/sweep.md.

        Example:
          mmuspec sweep apic-access-zap --set zap_lock=read,write --set zap_bumps_notifier=true,false --vcpus 1,2
          mmuspec sweep notifier-invalidate --variant upstream --vcpus 1,2,3 --shard 2/3 --format jsonl > part2.jsonl
          mmuspec sweep --merge part1.jsonl part2.jsonl part3.jsonl
        """
    )

    @Argument(help: "The model's name (see `mmuspec list`); omit with --merge.")
    var model: String?

    @Option(name: .long, help: "The preset the combinations override (default: the model's defaults).")
    var variant: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Sweep a flag or parameter over values: NAME=V1,V2,... (repeatable).",
                                                         valueName: "NAME=V1,V2"))
    var sets: [String] = []

    @Option(name: .long, help: ArgumentHelp("Sweep the vCPU count: N1,N2,...", valueName: "N1,N2"))
    var vcpus: String?

    @Option(name: .long, help: ArgumentHelp("Sweep the invalidator count: N1,N2,...", valueName: "N1,N2"))
    var invalidators: String?

    @Option(name: .customLong("property"), help: ArgumentHelp(
        "Check only this invariant or liveness property in every job (repeatable); default: every property.",
        valueName: "name"))
    var properties: [String] = []

    /// Each job's depth, engine and limits (a job that runs out of its limits is unknown).
    @OptionGroup var search: SearchOptions

    @Option(parsing: .unconditional, help: "How many jobs run at once (1...64; default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Run only shard K of N (1-based): the jobs whose index is K-1 modulo N.", valueName: "K/N"))
    var shard: String?

    @Option(help: "Output format: text (a table) or jsonl (one mmuspec.sweep/1 object per job).")
    var format: SweepFormat = .text

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Join the JSON lines of these files into one result.",
                                                                       valueName: "FILE"))
    var merge: [String] = []

    func validate() throws {
        if merge.isEmpty {
            guard model != nil else { throw Failure.usage("give a MODEL, or --merge FILE...") }
        } else {
            guard model == nil, variant == nil, sets.isEmpty, vcpus == nil, invalidators == nil, shard == nil,
                  properties.isEmpty else {
                throw Failure.usage("--merge takes only files (and --format)")
            }
        }
        guard (1...64).contains(jobs) else { throw Failure.usage("--jobs must be in 1...64, not \(jobs)") }
        _ = try shardParts()
    }

    /// `--shard K/N`, checked.
    func shardParts() throws -> Shard? {
        try shard.map { try Shard(parsing: $0) }
    }

    func run() throws {
        if !merge.isEmpty { return try runMerge() }
        let m = try wrap { try CurrentCatalog.catalog.model(named: model ?? "") }
        let plan = try SweepPlan(sets: sets, lists: [("vcpus", vcpus), ("invalidators", invalidators)])
        let chosen = plan.jobs(shard: try shardParts())
        // Every combination is checked against the model before any job runs.
        for job in chosen {
            let configuration = try wrap { try m.configuration(preset: variant, overrides: job.settings) }
            if !properties.isEmpty { _ = try wrap { try m.instantiate(configuration).selectingProperties(properties) } }
        }
        let commands = chosen.map { job -> [String] in
            var args = ["check", m.name] + (variant.map { ["--variant", $0] } ?? [])
            for (name, value) in job.settings { args += ["--set", "\(name)=\(value)"] }
            for name in properties { args += ["--property", name] }
            return args + search.jobArguments(timeout: search.limits.timeout)
        }
        let total = chosen.count
        var progress: (@Sendable (Int) -> Void)?
        if Progress.isTerminal {
            progress = { done in Progress.line("sweep: \(done)/\(total) jobs done") }
        }
        let results = SweepRunner.run(commands, jobs: jobs, progress: progress)
        Progress.finish()
        let records = zip(chosen, results).map { job, result in
            Self.record(job: job, of: plan.count, axes: plan.axes.map(\.name), model: m.name, variant: variant, result)
        }
        try emit(records, axes: plan.axes.map(\.name))
    }

    /// The record of one job from its child's exit status and JSON.
    static func record(job: SweepPlan.Job, of total: Int, axes: [String], model: String, variant: String?,
                       _ r: SweepRunner.Result) -> SweepRecord {
        var rec = SweepRecord(job: job.index, jobs: total, model: model, variant: variant, axes: axes,
                              settings: Dictionary(uniqueKeysWithValues: job.settings), verdict: "error")
        guard [0, 1, 3].contains(r.status),
              let report = try? JSONDecoder().decode(CheckReport.self, from: Data(r.stdout.utf8)) else {
            rec.reason = "exit \(r.status): " + (r.stderr.split(separator: "\n").first.map(String.init) ?? "no output")
            return rec
        }
        rec.verdict = report.verdict
        rec.depth = report.depth
        rec.complete = report.complete
        rec.engine = report.engine
        rec.reason = report.reason
        return rec
    }

    func runMerge() throws {
        var records: [SweepRecord] = []
        for file in merge {
            records += try JSONLines.read(file, schema: "mmuspec.sweep/1") { (r: SweepRecord) in r.schema == "mmuspec.sweep/1" }
                .map(\.record)
        }
        guard let first = records.first else { throw Failure.usage("--merge: the files hold no record") }
        guard records.allSatisfy({ $0.model == first.model && $0.variant == first.variant && $0.jobs == first.jobs
                                   && $0.axes == first.axes }) else {
            throw Failure.usage("--merge: the files come from different sweeps (model, variant or job count differ)")
        }
        var byJob: [Int: SweepRecord] = [:]
        for r in records {
            if let old = byJob[r.job], old != r {
                throw Failure.usage("--merge: job \(r.job) appears twice with different results")
            }
            byJob[r.job] = r
        }
        let missing = (0..<first.jobs).filter { byJob[$0] == nil }
        try emit(byJob.values.sorted { $0.job < $1.job }, axes: first.axes, missing: missing)
    }

    /// Prints the records and exits with the sweep's status.
    func emit(_ records: [SweepRecord], axes: [String], missing: [Int] = []) throws {
        if format == .jsonl {
            try JSONLines.print(records)
        } else {
            print(SweepOutput.table(records, axes: axes, missing: missing).joined(separator: "\n"))
        }
        if records.contains(where: { $0.verdict == "violated" }) { throw ExitCode(1) }
        if !missing.isEmpty || records.contains(where: { $0.verdict == "unknown" || $0.verdict == "error" }) {
            throw ExitCode(3)
        }
    }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw Failure.from(error) }
    }
}
