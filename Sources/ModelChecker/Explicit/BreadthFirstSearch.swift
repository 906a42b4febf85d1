import ProtocolDSL

/// The one breadth-first search over the reference semantics. The explicit checker, the state
/// count, the reachable-set collection of the invisible prover and one-pass label coverage are
/// callers: they decide, per state, whether it is expanded, and per layer, whether to go on.
///
/// Each state is stored once (a hash index of state vectors) with its parent and the step
/// that reached it, so a stored state's schedule from an initial state can be rebuilt. The
/// time and memory budgets are read every few thousand successors. A class, so that a caller's
/// `visit` can rebuild the schedule of the state it is shown while the search runs.
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
    private(set) var index: [[UInt64]: Int] = [:]
    private var parent: [(node: Int, step: ScheduledStep?)] = []
    private var initialChoiceOf: [Int: [Int: Int64]] = [:]

    init(interpreter: Interpreter, limits: SearchLimits) {
        self.interpreter = interpreter
        self.limits = limits
    }

    /// The number of stored states.
    var stored: Int { parent.count }

    /// The schedule from an initial state to stored node `n`.
    func schedule(to n: Int) -> Schedule {
        var steps: [ScheduledStep] = []
        var cur = n
        while let s = parent[cur].step {
            steps.append(s)
            cur = parent[cur].node
        }
        return Schedule(initialChoices: initialChoiceOf[cur] ?? [:], steps: steps.reversed())
    }

    /// Searches layer by layer up to `maxDepth` steps (nil: to the end). `visit` sees every
    /// stored state of a layer before the layer is expanded and says whether to expand it;
    /// `layerDone` then says whether to go on to the next layer. Throws `Stop` when a limit
    /// ends it; the storage is then retired off the caller's clock.
    func run(maxDepth: Int?, stateLimit: Int? = nil, visit: (Visit) throws -> Bool,
                      layerDone: (Layer) throws -> Bool) throws {
        let program = interpreter.layout.program
        var frontier: [(node: Int, state: [UInt64], error: (code: ErrorCode, message: String)?)] = []
        func stop(_ why: Stop, _ extra: Any...) -> Stop {
            SearchLimits.retire(UncheckedStorage((index, parent, frontier, extra)))
            index = [:]
            parent = []
            return why
        }
        for s in interpreter.initialStates() where index[s] == nil {
            if let l = limits.tick(stored: parent.count) { throw stop(.limit(l)) }
            index[s] = parent.count
            initialChoiceOf[parent.count] = interpreter.initialChoices(of: s)
            frontier.append((parent.count, s, nil))
            parent.append((-1, nil))
        }
        var depth = 0
        while true {
            if let l = limits.check(stored: parent.count) { throw stop(.limit(l)) }
            var next: [(node: Int, state: [UInt64], error: (code: ErrorCode, message: String)?)] = []
            var unexplored = false
            for (n, s, err) in frontier {
                guard try visit(Visit(node: n, state: s, error: err, depth: depth)) else { continue }
                for i in program.instances.indices where interpreter.enabled(s, i) {
                    for out in interpreter.execute(s, i) {
                        if let l = limits.tick(stored: parent.count) { throw stop(.limit(l), next) }
                        guard index[out.state] == nil else { continue }
                        if let maxDepth, depth == maxDepth {
                            unexplored = true
                            break
                        }
                        if let cap = stateLimit, parent.count >= cap { throw stop(.stateLimit(cap), next) }
                        index[out.state] = parent.count
                        next.append((parent.count, out.state, out.error))
                        parent.append((n, ScheduledStep(instance: i, choices: out.choices)))
                    }
                }
            }
            let layer = Layer(depth: depth, unexplored: unexplored, lastLayer: next.isEmpty)
            guard try layerDone(layer), !next.isEmpty, depth != maxDepth else { return }
            frontier = next
            depth += 1
        }
    }
}

/// Storage handed to `SearchLimits.retire` (only freed there, never read).
struct UncheckedStorage: @unchecked Sendable {
    let value: Any
    init(_ value: Any) { self.value = value }
}
