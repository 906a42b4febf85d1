import ProtocolDSL

/// The one breadth-first search over the reference semantics. The explicit checker, the state
/// count, the reachable-set collection of the invisible prover and one-pass label coverage are
/// callers: they decide, per state, whether it is expanded, and per layer, whether to go on.
///
/// Each state is stored once, packed (`StateStore`), with its parent and the step that reached
/// it, so a stored state's schedule from an initial state can be rebuilt. With a `Symmetry`,
/// one state per orbit is stored (its `Canonicalizer` representative); distances between orbits
/// are the shortest distances between their states, so layers keep their depths, and a rebuilt
/// schedule is mapped back to a concrete execution. From a representative, a member whose
/// tuple repeats the previous member's is not expanded: its successors are the other's orbits.
/// With hash compaction the store keeps signatures, and the search keeps the packed states of
/// the layer it expands and of the next one, and of the initial states (schedules start there).
/// The time and memory budgets are read every few thousand successors. A class, so that a
/// caller's `visit` can rebuild the schedule of the state it is shown while the search runs.
final class BreadthFirstSearch {
    /// A state the search reached: its node, the vector, the error its last step raised, its depth.
    struct Visit {
        let node: Int
        let state: [UInt64]
        let error: (code: ErrorCode, message: String)?
        let depth: Int
    }

    /// Why a search ended before it ran out of states or layers.
    enum Stop: Error {
        /// A limit of `SearchLimits`.
        case limit(SearchLimits.Stop)
        /// More than the caller's `stateLimit` states would be stored.
        case stateLimit(Int)
    }

    /// How a layer ended.
    struct Layer {
        /// Its depth.
        let depth: Int
        /// Whether a successor beyond `maxDepth` was found (the search is then not complete).
        let unexplored: Bool
        /// Whether the next layer is empty (no execution is longer).
        let lastLayer: Bool
    }

    let interpreter: Interpreter
    var limits: SearchLimits
    private let canonicalizer: Canonicalizer?
    private var store: StateStore
    /// Per node: the parent node (`UInt32.max` for an initial state), the moving instance and
    /// the index of its choices in `choiceTable` (-1: none).
    private var parent: [UInt32] = []
    private var mover: [UInt32] = []
    private var choiceRef: [Int32] = []
    private var choiceTable: [[Int: Int64]] = []
    /// With hash compaction: the packed initial states, by node.
    private var roots: [Int: [UInt64]] = [:]

    /// A search of `interpreter`'s program; with `symmetry`, over orbits; with `signatureBits`,
    /// storing each state as a signature of that many bits (hash compaction).
    init(interpreter: Interpreter, limits: SearchLimits, symmetry: Symmetry? = nil, signatureBits: Int? = nil) {
        self.interpreter = interpreter
        self.limits = limits
        let c = symmetry.map { Canonicalizer(layout: interpreter.layout, symmetry: $0) }
        canonicalizer = c?.isTrivial == false ? c : nil
        store = StateStore(layout: interpreter.layout, signatureBits: signatureBits)
    }

    /// Whether states are stored as signatures (hash compaction).
    var compacted: Bool { store.signatureBits != nil }

    /// The number of stored states.
    var stored: Int { store.count }

    /// The number of states stored when a limit ended the last run (its storage is retired then).
    private(set) var storedAtStop = 0

    /// The bytes the stored states take.
    var storedBytes: Int { store.bytes + parent.capacity * 4 + mover.capacity * 4 + choiceRef.capacity * 4 }

    /// Every stored state (concrete states when the search is not over orbits); not with hash
    /// compaction.
    func storedStates() -> Set<[UInt64]> { Set((0..<store.count).map { store.state($0) }) }

    /// The state of initial node `n`.
    private func root(_ n: Int) -> [UInt64] {
        compacted ? roots[n].map { store.unpack($0, at: 0) } ?? [] : store.state(n)
    }

    /// The schedule from an initial state to stored node `n`: a concrete execution that ends in
    /// a state of `n`'s orbit (in `n`'s state itself without symmetry).
    func schedule(to n: Int) throws -> Schedule {
        var path: [Int] = []
        var cur = n
        while parent[cur] != UInt32.max {
            path.append(cur)
            cur = Int(parent[cur])
        }
        path.reverse()
        let root = root(cur)
        let initialChoices = interpreter.initialChoices(of: root)
        guard let canonicalizer else {
            return Schedule(initialChoices: initialChoices, steps: path.map(step(into:)))
        }
        // Map each orbit step to the member that takes it in the concrete execution: `concrete[m]`
        // is the concrete member whose tuple sits at member m of the stored representative.
        var concrete = Array(interpreter.layout.program.instances.indices)
        var rep = root
        var steps: [ScheduledStep] = []
        for node in path {
            let abstract = step(into: node)
            steps.append(ScheduledStep(instance: concrete[abstract.instance], choices: abstract.choices))
            guard interpreter.enabled(rep, abstract.instance) else {
                throw CheckerInconsistency(message: "explicit search: a stored step of the symmetric search is not enabled")
            }
            var next = interpreter.execute(rep, abstract.instance, fixedChoices: abstract.choices)[0].state
            let origin = canonicalizer.canonicalizeTracking(&next)
            guard compacted ? store.node(of: next) == node : next == store.state(node) else {
                throw CheckerInconsistency(message: "explicit search: a step of the symmetric search does not map back")
            }
            concrete = concrete.indices.map { concrete[origin[$0] ?? $0] }
            rep = next
        }
        return Schedule(initialChoices: initialChoices, steps: steps)
    }

    private func step(into node: Int) -> ScheduledStep {
        let ref = Int(choiceRef[node])
        return ScheduledStep(instance: Int(mover[node]), choices: ref < 0 ? [:] : choiceTable[ref])
    }

    private func record(parent p: Int?, _ step: ScheduledStep?) {
        parent.append(p.map { UInt32($0) } ?? UInt32.max)
        mover.append(UInt32(step?.instance ?? 0))
        if let c = step?.choices, !c.isEmpty {
            choiceRef.append(Int32(choiceTable.count))
            choiceTable.append(c)
        } else {
            choiceRef.append(-1)
        }
    }

    /// Searches layer by layer up to `maxDepth` steps (nil: to the end). `visit` sees every
    /// stored state of a layer before the layer is expanded and says whether to expand it;
    /// `layerDone` then says whether to go on to the next layer. Throws `Stop` when a limit
    /// ends it; the storage is then retired off the caller's clock.
    func run(maxDepth: Int?, stateLimit: Int? = nil, visit: (Visit) throws -> Bool,
             layerDone: (Layer) throws -> Bool) throws {
        let program = interpreter.layout.program
        let cap = Swift.min(stateLimit ?? StateStore.capacity, StateStore.capacity)
        var frontier: [UInt32] = []
        // With hash compaction: the packed states of `frontier`, in its order.
        var frontierStates: [UInt64] = []
        var errors: [Int: (code: ErrorCode, message: String)] = [:]
        func stop(_ why: Stop, _ extra: Any...) -> Stop {
            storedAtStop = store.count
            SearchLimits.retire(UncheckedStorage((store, parent, mover, choiceRef, choiceTable, frontier, roots,
                                                  frontierStates, extra)))
            store = StateStore(layout: interpreter.layout, signatureBits: store.signatureBits)
            roots = [:]
            parent = []
            mover = []
            choiceRef = []
            choiceTable = []
            return why
        }
        for var s in interpreter.initialStates() {
            if let l = limits.tick(stored: store.count) { throw stop(.limit(l)) }
            canonicalizer?.canonicalize(&s)
            guard store.count < cap else { throw stop(stateLimit == nil ? .limit(.memory(states: cap)) : .stateLimit(cap)) }
            let (node, inserted) = store.insert(s)
            guard inserted else { continue }
            frontier.append(UInt32(node))
            if compacted {
                var packed: [UInt64] = []
                store.appendLastPacked(to: &packed)
                frontierStates.append(contentsOf: packed)
                roots[node] = packed
            }
            record(parent: nil, nil)
        }
        // Members whose steps are the previous member's up to symmetry (`markRedundant`).
        var skip = [Bool](repeating: false, count: program.instances.count)
        var depth = 0
        while true {
            if let l = limits.check(stored: store.count) { throw stop(.limit(l)) }
            var next: [UInt32] = []
            var nextStates: [UInt64] = []
            var nextErrors: [Int: (code: ErrorCode, message: String)] = [:]
            var unexplored = false
            for (k, n32) in frontier.enumerated() {
                let n = Int(n32)
                let s = compacted ? store.unpack(frontierStates, at: k) : store.state(n)
                guard try visit(Visit(node: n, state: s, error: errors[n], depth: depth)) else { continue }
                if let canonicalizer {
                    for i in skip.indices { skip[i] = false }
                    canonicalizer.markRedundant(s, &skip)
                }
                for i in program.instances.indices where !skip[i] && interpreter.enabled(s, i) {
                    for out in interpreter.execute(s, i) {
                        if let l = limits.tick(stored: store.count) { throw stop(.limit(l), next, nextStates) }
                        var t = out.state
                        canonicalizer?.canonicalize(&t)
                        if let maxDepth, depth == maxDepth {
                            if store.node(of: t) == nil {
                                unexplored = true
                                break
                            }
                            continue
                        }
                        guard store.count < cap || store.node(of: t) != nil else {
                            throw stop(stateLimit == nil ? .limit(.memory(states: cap)) : .stateLimit(cap), next, nextStates)
                        }
                        let (node, inserted) = store.insert(t)
                        guard inserted else { continue }
                        next.append(UInt32(node))
                        if compacted { store.appendLastPacked(to: &nextStates) }
                        if let e = out.error { nextErrors[node] = e }
                        record(parent: n, ScheduledStep(instance: i, choices: out.choices))
                    }
                }
            }
            let layer = Layer(depth: depth, unexplored: unexplored, lastLayer: next.isEmpty)
            guard try layerDone(layer), !next.isEmpty, depth != maxDepth else { return }
            frontier = next
            frontierStates = nextStates
            errors = nextErrors
            depth += 1
        }
    }
}

/// Storage handed to `SearchLimits.retire` (only freed there, never read).
struct UncheckedStorage: @unchecked Sendable {
    let value: Any
    init(_ value: Any) { self.value = value }
}
