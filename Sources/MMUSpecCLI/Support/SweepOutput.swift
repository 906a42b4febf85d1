/// The text table of `mmuspec sweep`: one row per job, in job order.
enum SweepOutput {
    static func table(_ records: [SweepRecord], axes: [String], missing: [Int]) -> [String] {
        guard let first = records.first else { return ["no job"] }
        var out = ["sweep of \(first.model)" + (first.variant.map { ", variant \($0)" } ?? "")
                   + ": \(records.count) of \(first.jobs) jobs"]
        let headers = ["job"] + axes + ["verdict", "depth", "engine"]
        let rows = records.map { r -> [String] in
            let verdict = r.verdict == "holds" && r.complete == true ? "holds (all executions)"
                : r.verdict == "holds" ? "holds (within depth)" : r.verdict
            return [String(r.job)] + axes.map { r.settings[$0] ?? "-" }
                + [verdict, r.depth.map(String.init) ?? "-", (r.engine ?? "-") + (r.reason.map { " (\($0))" } ?? "")]
        }
        let widths = headers.indices.map { c in ([headers[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        out.append(line(headers))
        out += rows.map(line)
        let counts = ["holds", "violated", "unknown", "error"].map { v in (v, records.filter { $0.verdict == v }.count) }
            .filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        out.append(counts.joined(separator: ", ") + (missing.isEmpty ? "" : "; missing jobs: "
                                                     + missing.map(String.init).joined(separator: ", ")))
        return out
    }
}
