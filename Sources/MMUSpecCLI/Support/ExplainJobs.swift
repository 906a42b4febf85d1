import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL

/// `explain`'s flips as jobs: run through `SweepRunner` (`--jobs`, `--shard`), read back from
/// the children's `mmuspec.check/1` reports, or taken from `--merge`'s files.
extension Explain {
    /// Makes this run's flips (its shard's, with --shard): a flip the model rejects is decided
    /// here, every other is a `mmuspec check` job; the records are in job order.
    func runJobs(_ planned: [(Int, FlagFlips.Candidate)], _ tables: [Table], model: ProtocolModel,
                 deadline: Date?) throws -> [ExplainRecord] {
        let chosen = try shard.map { try Shard(parsing: $0) }?.indices(of: planned.count) ?? Array(planned.indices)
        func record(_ n: Int, _ verdict: FlagFlips.Verdict, failed: Bool = false) -> ExplainRecord {
            let (ti, c) = planned[n]
            return ExplainRecord(job: n, jobs: planned.count, model: model.name, variant: selection.variant,
                                 table: tables[ti].title, flip: FlagFlips.Flip(flag: c.flag, from: c.from, to: c.to,
                                                                                verdict: verdict), failed: failed)
        }
        var rejected: [Int: ExplainRecord] = [:]
        var commands: [(job: Int, arguments: [String])] = []
        for n in chosen {
            let (ti, c) = planned[n]
            do {
                _ = try tables[ti].flips.program(flipping: c)
            } catch let e as ModelError {
                rejected[n] = record(n, .rejected(e.description))
                continue
            } catch {
                throw Failure.from(error)
            }
            var args = ["check", model.name] + (selection.variant.map { ["--variant", $0] } ?? [])
            for (name, value) in Self.lastValues(tables[ti].flips.overrides(flipping: c)) {
                args += ["--set", "\(name)=\(value)"]
            }
            commands.append((n, args))
        }
        let total = commands.count
        var progress: (@Sendable (Int) -> Void)?
        if Progress.isTerminal {
            progress = { done in Progress.line("explain: \(done)/\(total) flips done") }
        }
        let search = self.search, arguments = commands.map(\.arguments)
        let results = SweepRunner.run(count: commands.count, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                      progress: progress) { i in
            // The whole explain shares --timeout: each job gets the time left when it starts.
            arguments[i] + search.jobArguments(timeout: Limits.left(deadline).map { max($0, 0.001) })
        }
        Progress.finish()
        var records = rejected
        for ((n, _), r) in zip(commands, results) {
            if let v = Self.verdict(r, maxDepth: search.depth) {
                // The job's notes (engine handovers), in job order, as the sequential explain prints them.
                FileHandle.standardError.write(Data(r.stderr.utf8))
                records[n] = record(n, v)
            } else {
                let why = "exit \(r.status): " + (r.stderr.split(separator: "\n").first.map(String.init) ?? "no output")
                records[n] = record(n, .unknown(reason: why), failed: true)
            }
        }
        return chosen.compactMap { records[$0] }
    }

    /// The safety verdict of a child check's `mmuspec.check/1` report (nil: it did not report).
    /// Its `verdict` also covers liveness properties, which explain does not check, so the
    /// safety search's answer is read from its counterexamples, reason and proof.
    static func verdict(_ r: SweepRunner.Result, maxDepth: Int) -> FlagFlips.Verdict? {
        guard [0, 1, 3].contains(r.status),
              let report = try? JSONDecoder().decode(CheckReport.self, from: Data(r.stdout.utf8)) else { return nil }
        if let ce = report.counterexamples.first {
            return .breaksIn(steps: ce.length,
                             interleaving: Trace.interleavingSummary(of: ce.steps.map { ($0.instance, $0.label) }))
        }
        if let reason = report.reason { return .unknown(reason: reason) }
        if report.proof != nil { return .holds(depth: maxDepth, complete: true) }
        return .holds(depth: report.depth, complete: report.complete ?? false)
    }

    /// `pairs` with each name once, at its first place, with its last value (as a configuration reads them).
    static func lastValues(_ pairs: [(String, String)]) -> [(String, String)] {
        var last: [String: String] = [:]
        for (name, value) in pairs { last[name] = value }
        var seen: Set<String> = []
        return pairs.compactMap { name, _ in seen.insert(name).inserted ? (name, last[name]!) : nil }
    }

    /// The records of `--merge`'s files, each checked to be a flip of this explain.
    func mergedRecords(_ planned: [(Int, FlagFlips.Candidate)], _ tables: [Table],
                       model: ProtocolModel) throws -> [ExplainRecord] {
        var byJob: [Int: ExplainRecord] = [:]
        for file in merge {
            let lines = try JSONLines.read(file, schema: "mmuspec.explain/1") { (r: ExplainRecord) in
                r.schema == "mmuspec.explain/1" && r.flip != nil
            }
            for (n, r) in lines {
                let fits = r.model == model.name && r.variant == selection.variant && r.jobs == planned.count
                    && planned.indices.contains(r.job) && tables[planned[r.job].0].title == r.table
                    && planned[r.job].1 == FlagFlips.Candidate(flag: r.flag, from: r.from, to: r.to)
                guard fits else {
                    throw Failure.usage("--merge: \(file) line \(n) is not a flip of this explain "
                                        + "(its shards ran with other arguments)")
                }
                if let old = byJob[r.job], old != r {
                    throw Failure.usage("--merge: flip \(r.job) appears twice with different results")
                }
                byJob[r.job] = r
            }
        }
        return byJob.values.sorted { $0.job < $1.job }
    }
}
