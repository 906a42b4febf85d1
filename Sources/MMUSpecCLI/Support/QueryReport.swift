import ModelChecker
import ProtocolDSL

/// The JSON of `query --reach` (schema `mmuspec.query/1`).
struct QueryReport: Codable, Equatable {
    var schema = "mmuspec.query/1"
    var model: String
    var variant: String?
    var flags: [String: String]
    var parameters: [String: Int]
    var engine: String
    var expression: String
    /// reachable, unreachable or unknown.
    var verdict: String
    /// The witness's length, or the depth searched.
    var depth: Int
    /// For unreachable: whether the search was complete (unreachable in every execution).
    var complete: Bool?
    var reason: String?
    /// The shortest witness, when reachable.
    var witness: CounterexampleReport?

    init(program: Program, expression: String, engine: String, answer: ReachabilityQuery.Answer) {
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
struct CoverageReport: Codable, Equatable {
    /// One location.
    struct Location: Codable, Equatable {
        var kind: String
        var label: String
        /// The depth first reached, or nil.
        var firstDepth: Int?
        /// reachable, unreachable, unreachable-within-depth or unknown.
        var status: String
    }

    var schema = "mmuspec.coverage/1"
    var model: String
    var variant: String?
    var flags: [String: String]
    var parameters: [String: Int]
    var depth: Int
    var locations: [Location]

    init(program: Program, depth: Int, entries: [LabelCoverage.Entry]) {
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
