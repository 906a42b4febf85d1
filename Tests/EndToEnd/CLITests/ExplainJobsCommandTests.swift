import Foundation
import XCTest

/// `mmuspec explain --jobs/--shard/--merge`: the flips run as `check` jobs through sweep's
/// runner and print what the sequential explain prints; shards partition the flips.
final class ExplainJobsCommandTests: XCTestCase {
    static let upstream = ["explain", "apic-access-zap", "--variant", "upstream"]
    static let perFaultLock = upstream + ["--per", "fault_lock"]

    func testJobsPrintTheSequentialTablesByteForByte() throws {
        // With 2 vCPUs auto notes on stderr how it found each violation: the jobs' notes are passed on, in order.
        for command in [Self.upstream, Self.perFaultLock, Self.upstream + ["--vcpus", "2"]] {
            let sequential = try CLIRunner.run(command)
            XCTAssertEqual(sequential.status, 0, sequential.stderr)
            XCTAssertTrue(sequential.stdout.contains("BREAKS"), sequential.stdout)
            for jobs in ["1", "2"] {
                let parallel = try CLIRunner.run(command + ["--jobs", jobs])
                XCTAssertEqual(parallel.status, sequential.status, parallel.stderr)
                XCTAssertEqual(parallel.stdout, sequential.stdout, "--jobs \(jobs): \(command)")
                XCTAssertEqual(parallel.stderr, sequential.stderr, "--jobs \(jobs): \(command)")
            }
        }
    }

    func testShardsPartitionTheFlipsAndMergeGivesTheSequentialTables() throws {
        let sequential = try CLIRunner.run(Self.perFaultLock)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmuspec-explain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        var jobs: [Int] = []
        for k in 1...3 {
            let part = try CLIRunner.run(Self.perFaultLock + ["--shard", "\(k)/3", "--format", "jsonl", "--jobs", "2"])
            XCTAssertEqual(part.status, 0, part.stderr)
            let url = dir.appendingPathComponent("part\(k).jsonl")
            try Data(part.stdout.utf8).write(to: url)
            files.append(url.path)
            for line in part.stdout.split(separator: "\n") {
                let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                XCTAssertEqual(record["schema"] as? String, "mmuspec.explain/1")
                XCTAssertEqual(record["jobs"] as? Int, 18, "9 flips under each of the 2 fault_lock values")
                let job = try XCTUnwrap(record["job"] as? Int)
                XCTAssertEqual(job % 3, k - 1, "shard \(k)/3 holds the flips whose index is \(k - 1) modulo 3")
                jobs.append(job)
            }
        }
        XCTAssertEqual(jobs.sorted(), Array(0..<18), "the shards must hold every flip once")
        let merged = try CLIRunner.run(Self.perFaultLock + ["--merge"] + files)
        XCTAssertEqual(merged.status, sequential.status, merged.stderr)
        XCTAssertEqual(merged.stdout, sequential.stdout)
        // A missing shard leaves its flips undecided: the tables say which, and the run is unknown.
        let partial = try CLIRunner.run(Self.perFaultLock + ["--merge", files[0], files[2]])
        XCTAssertEqual(partial.status, 3, partial.stderr)
        XCTAssertTrue(partial.stdout.contains("UNKNOWN       -      missing: job 1 is in none of the files"), partial.stdout)
        // Records of another explain (no --per: other tables, other job count) are bad input.
        try CLIRunner.assertUsageError(Self.upstream + ["--merge", files[0]], "is not a flip of this explain")
    }

    func testBadInputIsAUsageErrorBeforeAnyJobRuns() throws {
        try CLIRunner.assertUsageError(Self.upstream + ["--set", "zap_lock=bogus", "--jobs", "2"],
                                       "flag 'zap_lock' of 'apic-access-zap' cannot be 'bogus'")
        try CLIRunner.assertUsageError(Self.upstream + ["--per", "nope", "--jobs", "2"], "has no flag 'nope'")
        try CLIRunner.assertUsageError(Self.upstream + ["--jobs", "0"], "--jobs must be in 1...64")
        try CLIRunner.assertUsageError(Self.upstream + ["--shard", "4/3", "--format", "jsonl"], "--shard must be K/N")
        try CLIRunner.assertUsageError(Self.upstream + ["--shard", "1/3"], "give --format jsonl")
        try CLIRunner.assertUsageError(Self.upstream + ["--merge", "x.jsonl", "--shard", "1/2", "--format", "jsonl"], "--merge reads the flips")
        try CLIRunner.assertUsageError(Self.upstream + ["--merge", "/nonexistent/part.jsonl"], "cannot read")
    }

    /// A flip that runs out of --timeout is UNKNOWN in its table, and then explain exits 3 (it
    /// exited 0); with every flip decided it exits 0. notifier-invalidate with 2 vCPUs: the base
    /// check takes about 1.4 s (debug build), its flips about 3.7 s more, so --timeout 3 usually
    /// leaves some flips undecided; which ones depends on the machine, the rule does not.
    func testAFlipOutOfTimeMakesExplainUndecided() throws {
        let command = ["explain", "notifier-invalidate", "--variant", "upstream", "--vcpus", "2", "--timeout", "3"]
        for extra in [[], ["--jobs", "1"], ["--jobs", "2"]] {
            let r = try CLIRunner.run(command + extra)
            if r.stdout.isEmpty {
                // On a loaded machine the base itself may run out of time: exit 3, no table.
                XCTAssertEqual(r.status, 3, "\(extra): " + r.stderr)
                XCTAssertTrue(r.stderr.contains("gave up"), r.stderr)
            } else {
                let undecided = r.stdout.contains("UNKNOWN       -      timeout")
                XCTAssertEqual(r.status, undecided ? 3 : 0, "\(extra): " + r.stdout + r.stderr)
            }
        }
    }
}
