import ModelChecker

/// One line of `mmuspec explain --format jsonl` (schema `mmuspec.explain/1`): one flip's verdict.
struct ExplainRecord: Codable, Equatable {
    var schema = "mmuspec.explain/1"
    /// The flip's 0-based index among all the explain's flips (every table's, in order), and their number.
    var job: Int
    var jobs: Int
    var model: String
    var variant: String?
    /// The title of the table the flip belongs to (`upstream, fault_lock=read`).
    var table: String
    var flag: String
    var from: String
    var to: String
    /// `breaks`, `holds`, `unknown`, `rejected` (the model rejects the flipped configuration)
    /// or `error` (the job could not run).
    var verdict: String
    /// For `breaks`: the shortest counterexample's length and its interleaving.
    var steps: Int?
    var interleaving: String?
    /// For `holds`: the depth searched, and whether that covers all executions.
    var depth: Int?
    var complete: Bool?
    /// For `unknown`, `rejected` and `error`: why.
    var reason: String?

    /// The record of `flip`; `failed` marks an unknown verdict as a job that could not run.
    init(job: Int, jobs: Int, model: String, variant: String?, table: String, flip: FlagFlips.Flip, failed: Bool) {
        (self.job, self.jobs, self.model, self.variant, self.table) = (job, jobs, model, variant, table)
        (flag, from, to) = (flip.flag, flip.from, flip.to)
        switch flip.verdict {
        case .breaks(let t): (verdict, steps, interleaving) = ("breaks", t.steps.count, t.interleavingSummary)
        case .breaksIn(let n, let s): (verdict, steps, interleaving) = ("breaks", n, s)
        case .holds(let d, let c): (verdict, depth, complete) = ("holds", d, c)
        case .unknown(let why): (verdict, reason) = (failed ? "error" : "unknown", why)
        case .rejected(let why): (verdict, reason) = ("rejected", why)
        }
    }

    /// The flip this record holds (nil: the record is malformed); `error` reads as unknown.
    var flip: FlagFlips.Flip? {
        let v: FlagFlips.Verdict
        switch verdict {
        case "breaks":
            guard let steps, let interleaving else { return nil }
            v = .breaksIn(steps: steps, interleaving: interleaving)
        case "holds":
            guard let depth, let complete else { return nil }
            v = .holds(depth: depth, complete: complete)
        case "unknown", "error": v = .unknown(reason: reason ?? "")
        case "rejected": v = .rejected(reason ?? "")
        default: return nil
        }
        return FlagFlips.Flip(flag: flag, from: from, to: to, verdict: v)
    }
}
