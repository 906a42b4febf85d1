/// One engine's answer on a protocol, reduced to what engines can be compared on.
public enum Verdict: Sendable, Equatable, CustomStringConvertible {
    /// No violation in any execution (the engine covered them all).
    case holds
    /// A violation; `steps` is the shortest counterexample's length when the engine gives one,
    /// `kind` its kind (invariant, deadlock, ...): for reading, not compared (several kinds can
    /// share the shortest length).
    case violated(steps: Int?, kind: String? = nil)
    /// The engine could not decide within its limits (allowed, but counted).
    case unknown(String)
    /// The engine threw or its tool failed: always a bug.
    case failed(String)

    public var description: String {
        switch self {
        case .holds: return "holds"
        case .violated(let n, let kind):
            return (n.map { "violated in \($0) steps" } ?? "violated") + (kind.map { " (\($0))" } ?? "")
        case .unknown(let why): return "unknown (\(why))"
        case .failed(let why): return "failed (\(why))"
        }
    }

    /// How `other` compares with this verdict, the reference: agreement needs the same verdict,
    /// and the same length when both give one.
    public func compared(with other: Verdict) -> Agreement {
        switch (self, other) {
        case (.failed, _), (_, .failed): return .disagree
        case (.unknown, _), (_, .unknown): return .unknown
        case (.holds, .holds): return .agree
        case (.violated(let a, _), .violated(let b, _)): return a == nil || b == nil || a == b ? .agree : .disagree
        default: return .disagree
        }
    }
}

/// How two engines' verdicts on one protocol compare.
public enum Agreement: String, Sendable, CaseIterable {
    /// Same verdict (and length, where both give one).
    case agree
    /// Different verdicts or lengths, or a failure: a bug in one of them.
    case disagree
    /// One of them could not decide.
    case unknown
    /// Not compared (SPIN missing, or a protocol SPIN's integers cannot hold).
    case skipped
}
