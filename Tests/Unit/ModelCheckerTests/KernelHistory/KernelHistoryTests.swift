import Foundation
import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// `docs/kernel-history.md` cannot drift: every verdict in its table is measured again here by the
/// explicit search (complete, at the preset's vCPUs and at 2), and its release and commit cells
/// are read again from the presets' `kernel` in `Models/*.swift`.
final class KernelHistoryTests: XCTestCase {
    /// The verdict of one preset with `fault_lock` set, at the preset's vCPUs and at 2, as the doc writes it.
    func measured(_ model: ProtocolModel, _ preset: Preset, faultLock: String) throws -> String {
        let own = try model.configuration(preset: preset.name)
        let vcpus = own.parameters["vcpus"] ?? 1
        var verdicts: [Int: String] = [:]
        for n in Set([vcpus, 2]) {
            let cfg = try model.configuration(preset: preset.name, overrides: [("fault_lock", faultLock), ("vcpus", String(n))])
            let program = try model.instantiate(cfg)
            let outcome = try ExplicitChecker(program: program).check(CheckOptions(maxDepth: 500))
            switch outcome {
            case .holds(_, true): verdicts[n] = try livenessVerdict(program) ?? "holds"
            case .violated(let traces): verdicts[n] = "violated (\(traces[0].steps.count) steps)"
            default: verdicts[n] = "undecided (\(outcome))"
            }
        }
        let atOwn = verdicts[vcpus]!, atTwo = verdicts[2]!
        return atOwn == atTwo ? atOwn : "\(atOwn) at \(vcpus) vCPUs, \(atTwo) at 2"
    }

    /// The first liveness property `program` violates, as the doc writes it (`violated
    /// (fault_completes_alone: 10+4 steps)`: its lasso's stem and loop), or nil when all of them hold.
    func livenessVerdict(_ program: Program) throws -> String? {
        for result in try LivenessChecker(program: program).check() {
            switch result.outcome {
            case .violated(let lasso):
                return "violated (\(result.property): \(lasso.stemLength)+\(lasso.loopLength) steps)"
            case .unknown(let reason): return "undecided (\(result.property): \(reason))"
            case .holds, .proved: continue
            }
        }
        return nil
    }

    /// The rows the catalog and the checker give, each with the doc's reason for that row (or a placeholder).
    func expectedRows(reasons: [String: String]) throws -> [KernelHistoryTable.Row] {
        var rows: [KernelHistoryTable.Row] = []
        for model in ModelCatalog.replayable {
            let hasFaultLock = model.flags.contains { $0.name == "fault_lock" }
            for preset in model.presets {
                guard let kernel = preset.kernel else {
                    XCTFail("\(model.name) \(preset.name): a KVM preset names its kernel (Preset's `kernel:`)")
                    continue
                }
                let tdp = hasFaultLock ? try measured(model, preset, faultLock: "read") : "-"
                let legacy = hasFaultLock ? try measured(model, preset, faultLock: "write") : "-"
                let releases = kernel.releases.isEmpty
                    ? [(tag: "no release", commits: kernel.builtFrom)]
                    : kernel.releases.map { (tag: $0.tag, commits: $0.commits) }
                for release in releases {
                    var row = KernelHistoryTable.Row(
                        release: release.tag, model: model.name, preset: preset.name, tdp: tdp, legacy: legacy,
                        commits: release.commits.isEmpty ? "-" : release.commits.joined(separator: ", "), reason: "")
                    row.reason = reasons[row.key] ?? "WRITE THE ONE-LINE REASON"
                    rows.append(row)
                }
            }
        }
        // Oldest release first, each release's rows in catalog order.
        return rows.enumerated().sorted { a, b in
            let (x, y) = (Self.order(a.element), Self.order(b.element))
            return x == y ? a.offset < b.offset : x.lexicographicallyPrecedes(y)
        }.map(\.element)
    }

    /// The doc's row order: releases oldest first (by number), then the presets no release shipped.
    static func order(_ row: KernelHistoryTable.Row) -> [Int] {
        let number = row.release.dropFirst().split(separator: ".").compactMap { Int($0) }
        return row.release == "no release" ? [Int.max] : number
    }

    func testTheTableOfKernelHistoryIsWhatTheCatalogAndTheCheckerSay() throws {
        let doc = try KernelHistoryTable(markdown: try String(contentsOf: KernelHistoryTable.path, encoding: .utf8))
        let modelled = doc.rows.filter { $0.preset != KernelHistoryTable.notModelled }
        let reasons = Dictionary(modelled.map { ($0.key, $0.reason) }, uniquingKeysWith: { a, _ in a })
        let expected = try expectedRows(reasons: reasons)
        let fix = "fix docs/kernel-history.md (the verdicts come from the explicit search, releases and commits "
            + "from the presets' `kernel:` in Models/*.swift); the rows it should have, besides those not modelled yet:\n"
            + expected.map(\.markdown).joined(separator: "\n")

        var failed = false
        for key in Set(modelled.map(\.key)).subtracting(expected.map(\.key)).sorted() {
            XCTFail("docs/kernel-history.md has a row `\(key)` that no preset's kernel names"); failed = true
        }
        for row in modelled where modelled.filter({ $0.key == row.key }).count > 1 {
            XCTFail("docs/kernel-history.md has the row `\(row.key)` twice"); failed = true
        }
        for want in expected {
            guard let have = modelled.first(where: { $0.key == want.key }) else {
                XCTFail("docs/kernel-history.md lacks the row `\(want.key)`"); failed = true
                continue
            }
            for (what, h, w) in [("TDP MMU", have.tdp, want.tdp), ("legacy MMU", have.legacy, want.legacy),
                                 ("commits", have.commits, want.commits)] where h != w {
                XCTFail("docs/kernel-history.md `\(want.key)`: the \(what) cell says `\(h)`, it should say `\(w)`")
                failed = true
            }
            if have.reason.isEmpty { XCTFail("`\(want.key)`: the reason is empty"); failed = true }
        }
        for row in doc.rows where row.preset == KernelHistoryTable.notModelled {
            XCTAssertEqual([row.tdp, row.legacy], ["-", "-"], "`\(row.key)`: a release not modelled has no verdict")
            XCTAssertFalse(row.reason.isEmpty, "`\(row.key)`: say why it is not modelled")
        }
        if failed { XCTFail(fix) }
    }

    /// The parser reads what the test compares: a wrong cell is seen, not skipped.
    func testTheParserReadsEveryCellAndRejectsARowWithCellsMissing() throws {
        let table = KernelHistoryTable.header + "\n|---|---|---|---|---|---|---|\n"
            + "| v5.15 | `apic-access-zap` | `upstream` | holds | violated (3 steps) | 5a324c24b638, edb298c663fc | why |\n"
            + "\nafter the table\n"
        let rows = try KernelHistoryTable(markdown: table).rows
        XCTAssertEqual(rows, [KernelHistoryTable.Row(release: "v5.15", model: "apic-access-zap", preset: "upstream",
                                                     tdp: "holds", legacy: "violated (3 steps)",
                                                     commits: "5a324c24b638, edb298c663fc", reason: "why")])
        let short = KernelHistoryTable.header + "\n|---|\n| v5.15 | apic-access-zap | upstream |\n"
        XCTAssertThrowsError(try KernelHistoryTable(markdown: short))
        XCTAssertThrowsError(try KernelHistoryTable(markdown: "no table here"))
    }
}
