import ProtocolDSL

/// Whether a state where a condition holds is reachable, answered by checking the invariant
/// `!condition` with the ordinary engines: a violation of it is a witness.
public struct ReachabilityQuery: Sendable {
    /// The name the temporary invariant carries in traces.
    public static let invariantName = "reach"

    /// The program with `!condition` as its only invariant.
    public let program: Program
    /// The condition searched for.
    public let condition: TExpr

    /// Creates a query on `program` (its own invariants are dropped).
    ///
    /// A state in which evaluating `condition` would read an array outside its bounds does not
    /// satisfy it (see `IndexBounds`), in every engine.
    public init(program: Program, condition: TExpr) {
        self.condition = condition
        let reached = IndexBounds(program: program).guarded(condition)
        // A deadlock ends an execution without reaching the condition; it does not stop the search.
        var p = program.replacingInvariants(name: Self.invariantName, condition: .unary(.not, reached, .bool))
        p.deadlockIsViolation = false
        self.program = p
    }

    /// What a query found.
    public enum Answer: Sendable, Equatable {
        /// A shortest execution whose last state satisfies the condition.
        case reachable(Trace)
        /// No execution of at most `depth` steps reaches it; `complete` when no execution is longer.
        case unreachable(depth: Int, complete: Bool)
        /// Every execution searched stops at an error (lock misuse, index out of bounds, assertion) first:
        /// the trace is the shortest one, and whether the condition is reachable is unknown.
        case blocked(Trace)
        /// The solver gave up at `depth`.
        case unknown(reason: String, depth: Int)
    }

    /// Runs the query with `engine` up to `maxDepth` steps, within `timeout` seconds and
    /// `memoryLimit`; returns the answer and the engine that decided it (`notice`, `symmetry`: as in
    /// `CheckOptions`; a condition that names an instance leaves no symmetry to reduce by).
    public func run(engine: Engine, maxDepth: Int, timeout: Double? = nil, memoryLimit: MemoryBudget? = .standard,
                    notice: NoticeHandler? = nil, symmetry: Bool = true,
                    progress: ProgressHandler? = nil) throws -> (Answer, Engine) {
        let options = CheckOptions(maxDepth: maxDepth, timeout: timeout, memoryLimit: memoryLimit, notice: notice,
                                   symmetry: symmetry)
        let (outcome, used) = try engine.check(program, options, progress: progress)
        switch outcome {
        case .violated(let traces):
            let t = traces[0]
            if t.violation?.kind == .invariant { return (.reachable(t), used) }
            return (.blocked(t), used)
        case .holds(let depth, let complete): return (.unreachable(depth: depth, complete: complete), used)
        case .unknown(let reason, let depth): return (.unknown(reason: reason, depth: depth), used)
        case .proved: return (.unreachable(depth: maxDepth, complete: true), used)
        }
    }
}
