import Foundation
import ProtocolDSL

/// Which ingredients of a variant are necessary: flips each flag (to each of its other values)
/// one at a time and checks the result with the ordinary engines.
public struct FlagFlips: Sendable {
    /// What one flip gives.
    public enum Verdict: Sendable, Equatable {
        /// The flipped variant is violated; the trace is a shortest counterexample.
        case breaks(Trace)
        /// The flipped variant is violated; its shortest counterexample is known only by its
        /// length and interleaving summary (a check run in another process reported it).
        case breaksIn(steps: Int, interleaving: String)
        /// The flipped variant holds up to `depth` steps (`complete`: for all executions).
        case holds(depth: Int, complete: Bool)
        /// The engine gave up.
        case unknown(reason: String)
        /// The model rejects the flipped configuration.
        case rejected(String)
    }

    /// One flip and its verdict.
    public struct Flip: Sendable, Equatable {
        /// The flag flipped.
        public let flag: String
        /// Its value in the base configuration.
        public let from: String
        /// The value tried.
        public let to: String
        /// What the check found.
        public let verdict: Verdict

        /// Creates a flip's record.
        public init(flag: String, from: String, to: String, verdict: Verdict) {
            self.flag = flag
            self.from = from
            self.to = to
            self.verdict = verdict
        }
    }

    /// One flip to make: a flag, its value in the base configuration, and the value tried.
    public struct Candidate: Sendable, Equatable {
        /// The flag flipped.
        public let flag: String
        /// Its value in the base configuration.
        public let from: String
        /// The value tried.
        public let to: String

        /// Creates a flip to make.
        public init(flag: String, from: String, to: String) {
            (self.flag, self.from, self.to) = (flag, from, to)
        }
    }

    /// The model.
    public let model: ProtocolModel
    /// The base configuration's preset, if any.
    public let preset: String?
    /// Flag and parameter overrides of the base configuration, in order.
    public let overrides: [(String, String)]

    /// Creates the explanation of `preset` with `overrides` applied.
    public init(model: ProtocolModel, preset: String?, overrides: [(String, String)]) {
        self.model = model
        self.preset = preset
        self.overrides = overrides
    }

    /// The base configuration's program.
    public func baseProgram() throws -> Program {
        try model.instantiate(try model.configuration(preset: preset, overrides: overrides))
    }

    /// Checks every flip of every flag except those in `fixed`, in declaration order;
    /// `progress` gives the handler of each flip's check (`zap_lock=read`).
    ///
    /// All flips share `timeout` (each check gets the time left; once none is left, the rest
    /// are `.unknown("timeout")`); each check has `memoryLimit`; `notice` and `symmetry` are `CheckOptions`'.
    public func flips(except fixed: Set<String> = [], engine: Engine, maxDepth: Int, timeout: Double? = nil,
                      memoryLimit: MemoryBudget? = .standard, notice: NoticeHandler? = nil, symmetry: Bool = true,
                      progress: ((_ flip: String) -> ProgressHandler?)? = nil) throws -> [Flip] {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var result: [Flip] = []
        for c in try candidates(except: fixed) {
            let verdict: Verdict
            let left = deadline.map { $0.timeIntervalSinceNow }
            do {
                let program = try self.program(flipping: c)
                if let l = left, l <= 0 {
                    result.append(Flip(flag: c.flag, from: c.from, to: c.to, verdict: .unknown(reason: "timeout")))
                    continue
                }
                let options = CheckOptions(maxDepth: maxDepth, timeout: left, memoryLimit: memoryLimit,
                                           notice: notice, symmetry: symmetry, model: model)
                let (outcome, _) = try engine.check(program, options, progress: progress?("\(c.flag)=\(c.to)"))
                switch outcome {
                case .violated(let traces): verdict = .breaks(traces[0])
                case .holds(let d, let c): verdict = .holds(depth: d, complete: c)
                case .unknown(let reason, _): verdict = .unknown(reason: reason)
                case .proved: verdict = .holds(depth: maxDepth, complete: true)
                }
            } catch let e as ModelError {
                verdict = .rejected(e.description)
            }
            result.append(Flip(flag: c.flag, from: c.from, to: c.to, verdict: verdict))
        }
        return result
    }

    /// The flips of every flag except those in `fixed`, in declaration order: each flag to each
    /// of its other values. These are the checks `flips` makes, for running them elsewhere.
    public func candidates(except fixed: Set<String> = []) throws -> [Candidate] {
        let base = try model.configuration(preset: preset, overrides: overrides)
        return model.flags.filter { !fixed.contains($0.name) }.flatMap { flag in
            let from = base.flags[flag.name] ?? flag.defaultValue
            return flag.values.filter { $0 != from }.map { Candidate(flag: flag.name, from: from, to: $0) }
        }
    }

    /// The overrides of a flip's configuration: the base's, then the flipped flag.
    public func overrides(flipping c: Candidate) -> [(String, String)] {
        overrides + [(c.flag, c.to)]
    }

    /// The flipped variant's program; throws `ModelError` when the model rejects the configuration.
    public func program(flipping c: Candidate) throws -> Program {
        try model.instantiate(try model.configuration(preset: preset, overrides: overrides(flipping: c)))
    }
}
