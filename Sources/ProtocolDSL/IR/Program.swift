/// A variable of the typed IR.
public struct Variable: Sendable {
    /// The name.
    public let name: String
    /// The element type.
    public let type: ValueType
    /// The array length, or nil for a scalar.
    public let count: Int?
    /// Per element: the initial value (lo == hi), or the range of data choices (lo < hi), as Int64 in the type.
    public let initial: [ClosedRange<Int64>]
    /// Where it was declared.
    public let location: SourceLocation

    /// The number of scalar slots (1 for a scalar).
    public var slots: Int { count ?? 1 }
}

/// A lock of the typed IR.
public struct Lock: Sendable {
    /// The name.
    public let name: String
    /// Mutex or reader-writer lock.
    public let kind: LockKind
}

/// One atomic, labelled step of the typed IR.
public struct StepIR: Sendable {
    /// The label.
    public let label: String
    /// Where it was written.
    public let location: SourceLocation
    /// The step is enabled only while this holds.
    public let guardExpr: TExpr?
    /// The lock acquired first, if any.
    public let acquire: (lock: Int, mode: LockMode)?
    /// The body.
    public let body: [TStmt]
    /// Where control goes when the body neither jumps nor terminates (`steps.count` = terminated).
    public let fallthroughStep: Int
}

/// A process kind of the typed IR.
public struct ProcessKind: Sendable {
    /// The name.
    public let name: String
    /// The number of instances.
    public let instances: Int
    /// The flat index of instance 0 in `Program.instances`.
    public let firstInstance: Int
    /// The locals.
    public let locals: [Variable]
    /// The steps, in program order; the program counter is an index into it.
    public let steps: [StepIR]
    /// The number of `choose` statements in this kind's steps.
    public let chooseSites: Int
    /// The declared value ranges of each choose site (`lo...hi`).
    public let chooseRanges: [ClosedRange<Int64>]
    /// The fairness each instance of the kind is scheduled with (liveness properties only).
    public let fairness: Fairness

    /// The step index with `label`, if any.
    public func step(labelled label: String) -> Int? { steps.firstIndex { $0.label == label } }
}

/// One process instance.
public struct Instance: Sendable, Hashable {
    /// The kind's index in `Program.kinds`.
    public let kind: Int
    /// The index within the kind.
    public let index: Int
}

/// One conjunct of an invariant after quantifiers are expanded.
public struct InvariantClause: Sendable {
    /// How the quantifiers were instantiated (`vcpu[1]`), empty for an unquantified invariant.
    public let instantiation: String
    /// The Boolean condition.
    public let condition: TExpr
}

/// A named invariant of the typed IR.
public struct InvariantIR: Sendable {
    /// The name.
    public let name: String
    /// The clauses; the invariant holds when all do.
    public let clauses: [InvariantClause]
}

/// A model instantiated for one configuration: typed, validated, ready for the checkers.
public struct Program: Sendable {
    /// The model's name.
    public let modelName: String
    /// The flag and parameter values.
    public let configuration: Configuration
    /// Globals.
    public let globals: [Variable]
    /// Locks.
    public let locks: [Lock]
    /// Process kinds.
    public let kinds: [ProcessKind]
    /// Every process instance, kinds in order.
    public let instances: [Instance]
    /// Invariants.
    public let invariants: [InvariantIR]
    /// Liveness properties (checked on fair infinite executions; see `LivenessIR`).
    public internal(set) var liveness: [LivenessIR] = []
    /// Whether a state where no unfinished instance can move breaks the properties (as in
    /// `check`), or only ends its executions (as in a reachability query, whose one property
    /// is "the condition is not reached").
    public var deadlockIsViolation = true

    /// The printed name of flat instance `i`: `vcpu[0]`.
    public func instanceName(_ i: Int) -> String {
        let inst = instances[i]
        return "\(kinds[inst.kind].name)[\(inst.index)]"
    }

    /// The flat index of `kind[index]`, if it exists.
    public func instanceIndex(kind: String, index: Int) -> Int? {
        guard let k = kinds.firstIndex(where: { $0.name == kind }), index >= 0, index < kinds[k].instances else {
            return nil
        }
        return kinds[k].firstInstance + index
    }

    /// The names of the invariants and liveness properties, in declaration order (invariants first):
    /// the names `--property` selects from.
    public var propertyNames: [String] { invariants.map(\.name) + liveness.map(\.name) }

    /// The same program with only the invariants and liveness properties named in `names`
    /// (the other checks, deadlock, assertions, lock misuse and bounds, stay: they are the
    /// model's own). Throws `ModelError` naming the valid properties when a name is unknown.
    public func selectingProperties(_ names: [String]) throws -> Program {
        let known = propertyNames
        if let unknown = names.first(where: { !known.contains($0) }) {
            throw ModelError(.unknownProperty, "model '\(modelName)' has no property '\(unknown)'; valid: "
                             + known.joined(separator: ", "))
        }
        var p = Program(modelName: modelName, configuration: configuration, globals: globals, locks: locks,
                        kinds: kinds, instances: instances, invariants: invariants.filter { names.contains($0.name) })
        p.liveness = liveness.filter { names.contains($0.name) }
        p.deadlockIsViolation = deadlockIsViolation
        return p
    }

    /// The steps of flat instance `i`'s kind.
    public func steps(of i: Int) -> [StepIR] { kinds[instances[i].kind].steps }
}
