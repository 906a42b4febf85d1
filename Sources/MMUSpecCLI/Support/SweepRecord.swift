/// One line of `mmuspec sweep --format jsonl` (schema `mmuspec.sweep/1`): one job's verdict.
struct SweepRecord: Codable, Equatable {
    var schema = "mmuspec.sweep/1"
    /// The job's 0-based index among all the sweep's jobs, and their number (for `--merge`).
    var job: Int
    var jobs: Int
    var model: String
    var variant: String?
    /// The swept names, in the order given (the first varies slowest).
    var axes: [String]
    /// This job's value of each swept name.
    var settings: [String: String]
    /// `holds`, `violated`, `unknown` or `error` (the check could not run).
    var verdict: String
    /// As in `mmuspec.check/1`: the shortest counterexample's length, or the depth searched.
    var depth: Int?
    var complete: Bool?
    /// The engine that decided.
    var engine: String?
    /// For `unknown` and `error`: why.
    var reason: String?
}
