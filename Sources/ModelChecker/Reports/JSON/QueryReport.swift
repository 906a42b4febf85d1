import ProtocolDSL

/// The JSON of `query --reach` (schema `mmuspec.query/1`).
public struct QueryReport: Codable, Equatable {
    /// Always `mmuspec.query/1`.
    public var schema = "mmuspec.query/1"
    /// The model's name.
    public var model: String
    /// The preset, if one was given.
    public var variant: String?
    /// Flag values.
    public var flags: [String: String]
    /// Parameter values.
    public var parameters: [String: Int]
    /// The engine that answered.
    public var engine: String
    /// The condition searched for, as given.
    public var expression: String
    /// reachable, unreachable or unknown.
    public var verdict: String
    /// The witness's length, or the depth searched.
    public var depth: Int
    /// For unreachable: whether the search was complete (unreachable in every execution).
    public var complete: Bool?
    /// For `unknown`: why.
    public var reason: String?
    /// The shortest witness, when reachable.
    public var witness: CounterexampleReport?

    /// Builds the report of an answer.
    public init(program: Program, expression: String, engine: String, answer: ReachabilityQuery.Answer) {
        model = program.modelName
        variant = program.configuration.preset
        flags = program.configuration.flags
        parameters = program.configuration.parameters
        self.engine = engine
        self.expression = expression
        switch answer {
        case .reachable(let t):
            verdict = "reachable"
            depth = t.steps.count
            witness = CounterexampleReport(t)
        case .unreachable(let d, let c):
            verdict = "unreachable"
            depth = d
            complete = c
        case .blocked(let t):
            verdict = "unknown"
            depth = t.steps.count
            reason = t.violation?.message
        case .unknown(let r, let d):
            verdict = "unknown"
            depth = d
            reason = r
        }
    }
}

/// The JSON of `query --coverage` (schema `mmuspec.coverage/1`).
public struct CoverageReport: Codable, Equatable {
    /// One location.
    public struct Location: Codable, Equatable {
        /// The process kind.
        public var kind: String
        /// The step's label, or `done`.
        public var label: String
        /// The depth first reached, or nil.
        public var firstDepth: Int?
        /// reachable, unreachable, unreachable-within-depth or unknown.
        public var status: String
    }

    /// Always `mmuspec.coverage/1`.
    public var schema = "mmuspec.coverage/1"
    /// The model's name.
    public var model: String
    /// The preset, if one was given.
    public var variant: String?
    /// Flag values.
    public var flags: [String: String]
    /// Parameter values.
    public var parameters: [String: Int]
    /// The bound of the search.
    public var depth: Int
    /// Every location, in program order.
    public var locations: [Location]

    /// Builds the report of a coverage table.
    public init(program: Program, depth: Int, entries: [LabelCoverage.Entry]) {
        model = program.modelName
        variant = program.configuration.preset
        flags = program.configuration.flags
        parameters = program.configuration.parameters
        self.depth = depth
        locations = entries.map { e in
            let status = e.firstDepth != nil ? "reachable" : e.unknown ? "unknown"
                : e.complete ? "unreachable" : "unreachable-within-depth"
            return Location(kind: e.kind, label: e.label, firstDepth: e.firstDepth, status: status)
        }
    }
}
