import ProtocolDSL

/// The machine-readable result of `mmuspec check --format json` (schema `mmuspec.check/1`).
///
/// Keys are printed sorted; the schema is documented in docs/json-schema.md. Fields are only
/// ever added, never renamed, within one schema version.
public struct CheckReport: Codable, Sendable, Equatable {
    /// Always `mmuspec.check/1`.
    public var schema = "mmuspec.check/1"
    /// The model's name.
    public var model: String
    /// The preset, if one was given.
    public var variant: String?
    /// Flag values.
    public var flags: [String: String]
    /// Parameter values.
    public var parameters: [String: Int]
    /// `bmc` or `explicit`.
    public var engine: String
    /// `violated`, `holds` or `unknown`: of every property checked (the safety search's and the
    /// liveness properties'), as the exit status says.
    public var verdict: String
    /// The depth searched (for `holds`/`unknown`) or the shortest counterexample's length.
    public var depth: Int
    /// For `holds`: true when no execution is longer than `depth` (the property holds for all executions).
    public var complete: Bool?
    /// For `unknown`: why.
    public var reason: String?
    /// For `holds` by a proof (`depth` is then 0 and `complete` true): the proof engine.
    public var proof: String?
    /// For `violated`: the counterexamples, shortest first.
    public var counterexamples: [CounterexampleReport]
    /// The liveness properties checked, in declaration order (absent when there are none).
    public var liveness: [LivenessReport]?
    /// With `--hash-compact`: the invariant search's signatures and the bound on the
    /// probability that it missed a state.
    public var hashCompaction: HashCompactionReport?

    enum CodingKeys: String, CodingKey {
        case schema, model, variant, flags, parameters, engine, verdict, depth, complete, reason, proof
        case counterexamples, liveness
        case hashCompaction = "hash_compaction"
    }

    /// Builds the report of a safety outcome (nil: no safety search ran, only liveness
    /// properties were selected) and the liveness results.
    public init(program: Program, engine: String, outcome: CheckOutcome?, liveness: [LivenessResult]) {
        self.init(program: program, engine: engine, outcome: outcome ?? .holds(depth: 0, complete: true))
        if outcome == nil { complete = nil }
        guard !liveness.isEmpty else { return }
        self.liveness = liveness.map(LivenessReport.init)
        let verdicts = [outcome == nil ? "holds" : verdict] + liveness.map { LivenessReport($0).verdict }
        verdict = verdicts.contains("violated") ? "violated" : verdicts.contains("unknown") ? "unknown" : "holds"
    }

    /// Builds the report of an outcome.
    public init(program: Program, engine: String, outcome: CheckOutcome) {
        model = program.modelName
        variant = program.configuration.preset
        flags = program.configuration.flags
        parameters = program.configuration.parameters
        self.engine = engine
        counterexamples = []
        switch outcome {
        case .violated(let traces):
            verdict = "violated"
            depth = traces.first?.steps.count ?? 0
            counterexamples = traces.map(CounterexampleReport.init)
        case .holds(let d, let c):
            verdict = "holds"
            depth = d
            complete = c
        case .unknown(let r, let d):
            verdict = "unknown"
            depth = d
            reason = r
        case .proved(let prover):
            verdict = "holds"
            depth = 0
            complete = true
            proof = prover.rawValue
        }
    }
}

/// The hash compaction of a `CheckReport`'s invariant search.
public struct HashCompactionReport: Codable, Sendable, Equatable {
    /// The bits of one signature.
    public var signatureBits: Int
    /// The states stored as signatures.
    public var states: Int
    /// The bound on the probability that two distinct states shared a signature (one was not
    /// explored), as `HashCompaction.omissionBound`.
    public var omissionBound: Double

    /// The report of `compaction`.
    public init(_ compaction: HashCompaction) {
        signatureBits = compaction.signatureBits
        states = compaction.states
        omissionBound = compaction.omissionBound
    }

    enum CodingKeys: String, CodingKey {
        case states
        case signatureBits = "signature_bits"
        case omissionBound = "omission_bound"
    }
}

/// One counterexample in a `CheckReport`.
public struct CounterexampleReport: Codable, Sendable, Equatable {
    /// The number of steps.
    public var length: Int
    /// What the last state violates.
    public var violation: ViolationReport
    /// Process instances, in lane order.
    public var instances: [String]
    /// Values the checker picked for data choices of the initial state.
    public var dataChoices: [String: String]
    /// Every variable's initial value.
    public var initial: [String: String]
    /// The steps.
    public var steps: [StepReport]
    /// For a lasso (a liveness counterexample): the number of steps before the loop. Steps
    /// `loop_start + 1` to `length` return to the state after step `loop_start` and repeat
    /// forever; when `loop_start` equals `length`, the execution stays in its last state.
    public var loopStart: Int?

    enum CodingKeys: String, CodingKey {
        case length, violation, instances, initial, steps
        case dataChoices = "data_choices"
        case loopStart = "loop_start"
    }

    /// Builds the report of a trace.
    public init(_ t: Trace) {
        length = t.steps.count
        let v = t.violation ?? Violation(kind: .invariant, name: "", message: "")
        violation = ViolationReport(kind: v.kind.rawValue, name: v.name, message: v.message)
        if v.kind == .invariant, let clause = FalseClause(t) {
            violation.expression = clause.expression
            violation.values = Dictionary(uniqueKeysWithValues: clause.values.map {
                (t.layout.names[$0.slot], t.layout.render(slot: $0.slot, $0.value))
            })
        }
        instances = t.instances
        loopStart = t.loopStart
        dataChoices = Dictionary(t.dataChoices, uniquingKeysWith: { a, _ in a })
        initial = Dictionary(t.initial, uniquingKeysWith: { a, _ in a })
        steps = t.steps.enumerated().map { n, s in
            StepReport(step: n + 1, instance: s.instanceName, label: s.label, choices: s.choices,
                       changes: s.changes.map { ChangeReport(variable: $0.variable, old: $0.old, new: $0.new) },
                       reads: s.reads.map {
                           ChangeReadReport(variable: t.layout.names[$0.slot], value: t.layout.render(slot: $0.slot, $0.value))
                       })
        }
    }
}

/// One liveness property in a `CheckReport`.
public struct LivenessReport: Codable, Sendable, Equatable {
    /// The property's name.
    public var name: String
    /// `violated`, `holds` or `unknown`.
    public var verdict: String
    /// For `holds`: the reachable states explored (all of them).
    public var states: Int?
    /// For `unknown`: why.
    public var reason: String?
    /// For `holds` decided symbolically: by which engine and argument.
    public var proof: String?
    /// For `violated`: the lasso (its `loop_start` is set).
    public var counterexample: CounterexampleReport?

    /// Builds the report of a liveness result.
    public init(_ r: LivenessResult) {
        name = r.property
        switch r.outcome {
        case .violated(let lasso):
            verdict = "violated"
            counterexample = CounterexampleReport(lasso.trace)
        case .holds(let n):
            verdict = "holds"
            states = n
        case .proved(let how):
            verdict = "holds"
            proof = how
        case .unknown(let why):
            verdict = "unknown"
            reason = why
        }
    }
}

/// A violation in a `CounterexampleReport`.
public struct ViolationReport: Codable, Sendable, Equatable {
    /// `invariant`, `deadlock`, `lock misuse`, `out of bounds`, `assertion` or `liveness`.
    public var kind: String
    /// The invariant's name, or the kind.
    public var name: String
    /// One line.
    public var message: String
    /// For an invariant: the false clause, as the model writes it.
    public var expression: String?
    /// For an invariant: the values the false clause reads in the last state, as printed.
    public var values: [String: String]?
}

/// A step in a `CounterexampleReport`.
public struct StepReport: Codable, Sendable, Equatable {
    /// 1-based step number.
    public var step: Int
    /// The instance that moved.
    public var instance: String
    /// The step's label.
    public var label: String
    /// Values its choose statements picked.
    public var choices: [Int64]
    /// What it changed.
    public var changes: [ChangeReport]
    /// The values its guard and branch conditions read (what decided what it did), as printed.
    public var reads: [ChangeReadReport]
}

/// A value a step read, in a `StepReport`.
public struct ChangeReadReport: Codable, Sendable, Equatable {
    /// The variable.
    public var variable: String
    /// Its value when read, as printed.
    public var value: String
}

/// A change in a `StepReport`.
public struct ChangeReport: Codable, Sendable, Equatable {
    /// The variable.
    public var variable: String
    /// Before.
    public var old: String
    /// After.
    public var new: String
}
