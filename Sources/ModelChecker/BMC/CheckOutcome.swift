import ProtocolDSL

/// What a check found.
public enum CheckOutcome: Sendable, Equatable {
    /// Violations, shortest first (all of the same, shortest length when more than one was asked for,
    /// then longer ones).
    case violated([Trace])
    /// No violation within `depth` steps; `complete` when no execution is longer than `depth`,
    /// so the property holds for all executions.
    case holds(depth: Int, complete: Bool)
    /// The solver gave up (timeout or `unknown`) after checking every depth below `depth`.
    case unknown(reason: String, depth: Int)
    /// The properties hold for all executions: a proof engine's invariant, re-checked by Z3
    /// (`auto` proves what its explicit search cannot finish).
    case proved(ProofEngine)
}

/// Options of a bounded check.
public struct CheckOptions: Sendable {
    /// The largest number of steps searched.
    public var maxDepth: Int
    /// The wall-clock budget in seconds, or nil for none.
    public var timeout: Double?
    /// How many distinct counterexamples to return (different schedules).
    public var maxCounterexamples: Int
    /// The memory budget of the explicit search (BMC's memory is Z3's), or nil for none.
    public var memoryLimit: MemoryBudget?
    /// Hears a line for the user when `auto` hands over from the explicit search to BMC.
    public var notice: NoticeHandler?
    /// Whether the engines may reduce by the program's `Symmetry` (one state per orbit in the
    /// explicit search, ordered first steps in BMC). Off only to compare or to debug the reduction.
    public var symmetry: Bool
    /// The model the program was instantiated from, so that `auto` can look for a violation on
    /// smaller instances of its families first; nil: only the program as given.
    public var model: ProtocolModel?

    /// Creates options.
    public init(maxDepth: Int, timeout: Double? = nil, maxCounterexamples: Int = 1,
                memoryLimit: MemoryBudget? = .standard, notice: NoticeHandler? = nil, symmetry: Bool = true,
                model: ProtocolModel? = nil) {
        self.maxDepth = maxDepth
        self.timeout = timeout
        self.maxCounterexamples = maxCounterexamples
        self.memoryLimit = memoryLimit
        self.notice = notice
        self.symmetry = symmetry
        self.model = model
    }
}

/// Hears a one-line notice for the user (which engine took over, and why).
public typealias NoticeHandler = @Sendable (_ line: String) -> Void

/// Reports progress of a long run: the depth just finished and the seconds elapsed.
public typealias ProgressHandler = @Sendable (_ depth: Int, _ elapsed: Double) -> Void
