import Foundation
import XCTest

/// `mmuspec sweep`: every combination is a check of its own, shards partition the jobs, and
/// `--merge` joins them into what one run prints.
final class SweepCommandTests: XCTestCase {
    static let sweep = ["sweep", "apic-access-zap", "--set", "zap_lock=read,write", "--set",
                        "zap_bumps_notifier=true,false", "--vcpus", "1,2"]

    func testEveryJobsVerdictIsWhatCheckSaysForItsCombination() throws {
        let r = try CLIRunner.run(Self.sweep + ["--format", "jsonl"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 8)
        for (n, line) in lines.enumerated() {
            let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(record["job"] as? Int, n)
            let settings = try XCTUnwrap(record["settings"] as? [String: String])
            var check = ["check", "apic-access-zap"]
            for name in ["zap_lock", "zap_bumps_notifier", "vcpus"] { check += ["--set", "\(name)=\(settings[name]!)"] }
            let alone = try CLIRunner.run(check + ["--format", "json"])
            let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(record["verdict"] as? String, report["verdict"] as? String, "\(settings)")
            XCTAssertEqual(record["depth"] as? Int, report["depth"] as? Int, "\(settings)")
        }
        // The first axis varies slowest: jobs 0-3 are zap_lock=read.
        XCTAssertTrue(lines[3].contains("\"zap_lock\":\"read\"") && lines[4].contains("\"zap_lock\":\"write\""))
    }

    func testShardsPartitionTheJobsAndMergeGivesTheWholeTable() throws {
        let whole = try CLIRunner.run(Self.sweep)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmuspec-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        var jobs: [Int] = []
        for k in 1...3 {
            let part = try CLIRunner.run(Self.sweep + ["--shard", "\(k)/3", "--format", "jsonl"])
            let url = dir.appendingPathComponent("part\(k).jsonl")
            try Data(part.stdout.utf8).write(to: url)
            files.append(url.path)
            jobs += part.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["job"] as? Int
            }
        }
        XCTAssertEqual(jobs.sorted(), Array(0..<8), "the shards must hold every job once")
        let merged = try CLIRunner.run(["sweep", "--merge"] + files)
        XCTAssertEqual(merged.status, whole.status)
        XCTAssertEqual(merged.stdout, whole.stdout)
        // A violation found stands (exit 1) even when jobs are missing; the table names them.
        let partial = try CLIRunner.run(["sweep", "--merge", files[0], files[2]])
        XCTAssertEqual(partial.status, 1, partial.stderr)
        XCTAssertTrue(partial.stdout.contains("missing jobs: 1, 4, 7"), partial.stdout)
    }

    func testMissingJobsOfASweepThatHoldsMakeItUnknown() throws {
        let upstream = ["sweep", "apic-access-zap", "--variant", "upstream", "--vcpus", "1,2", "--format", "jsonl"]
        let one = try CLIRunner.run(upstream + ["--shard", "1/2"])
        XCTAssertEqual(one.status, 0, one.stderr)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mmuspec-sweep-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(one.stdout.utf8).write(to: url)
        let merged = try CLIRunner.run(["sweep", "--merge", url.path])
        XCTAssertEqual(merged.status, 3, merged.stdout)
        XCTAssertTrue(merged.stdout.contains("1 holds; missing jobs: 1"), merged.stdout)
    }

    /// `--property` reaches every job: lock-fairness's blocking-weak starves a thread (liveness)
    /// but keeps mutual exclusion; an unknown property is bad input before any job runs.
    func testPropertySelectsWhatEveryJobChecks() throws {
        let sweep = ["sweep", "lock-fairness", "--variant", "blocking-weak", "--set", "threads=2,3", "--format", "jsonl"]
        let all = try CLIRunner.run(sweep)
        XCTAssertEqual(all.status, 1, all.stderr)
        XCTAssertEqual(all.stdout.components(separatedBy: "\"verdict\":\"violated\"").count - 1, 2, all.stdout)
        let safety = try CLIRunner.run(sweep + ["--property", "mutual_exclusion"])
        XCTAssertEqual(safety.status, 0, safety.stderr)
        XCTAssertEqual(safety.stdout.components(separatedBy: "\"verdict\":\"holds\"").count - 1, 2, safety.stdout)
        try CLIRunner.assertUsageError(sweep + ["--property", "nope"], "has no property 'nope'")
    }
}
