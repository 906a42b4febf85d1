import Foundation
import ProtocolDSL

/// Breadth-first explicit-state search over the reference semantics: the independent oracle.
///
/// States are kept once, packed, in a hash table; a violating state is not expanded. Because the
/// search goes layer by layer, the first violation found is a shortest one, like BMC's. With
/// `CheckOptions.symmetry` (the default) and one counterexample asked for, it stores one state
/// per orbit of the program's `Symmetry` (interchangeable vCPUs sorted), and maps a
/// counterexample back to a concrete execution of the program as given.
public struct ExplicitChecker {
    /// The program checked.
    public let program: Program

    /// Creates a checker.
    public init(program: Program) { self.program = program }

    /// The search gave up before deciding: it would store more than `stateLimit` states, ran out
    /// of its memory budget, or the data choices are too wide to enumerate (see
    /// `check(_:stateLimit:progress:)`). `auto` then hands over to BMC.
    public struct Abandoned: Error, CustomStringConvertible {
        /// Why, in words (`out of memory budget (8192 MB) after 123456 states`).
        public let reason: String
        public var description: String { "explicit search abandoned: \(reason)" }
    }

    /// Runs the search up to `options.maxDepth` layers, within `options.timeout` and
    /// `options.memoryLimit` (both read every few thousand successors).
    ///
    /// Without `stateLimit`, a search that cannot finish within its limits answers `.unknown`
    /// with the reason (data choices too wide to enumerate, out of memory budget, timeout).
    /// With `stateLimit`, every limit but the timeout throws `Abandoned` instead, and so does
    /// storing more than `stateLimit` states: the caller hands over to a symbolic engine.
    public func check(_ options: CheckOptions, stateLimit: Int? = nil,
                      progress: ProgressHandler? = nil) throws -> CheckOutcome {
        try search(options, stateLimit: stateLimit, signatureBits: nil, progress: progress).outcome
    }

    /// The same search with hash compaction: each state is stored as a `signatureBits`-bit
    /// signature (1...64), never as itself, so a state takes one word. Two distinct states with
    /// one signature are taken for one and the second is not explored: "holds" may then be
    /// wrong, and a counterexample (always replayed, so real) may not be a shortest one, with
    /// at most the probability the report states. Never the default.
    public func checkCompacted(_ options: CheckOptions, signatureBits: Int = 64,
                               progress: ProgressHandler? = nil) throws -> (CheckOutcome, HashCompaction) {
        precondition((1...64).contains(signatureBits), "signature bits out of 1...64")
        let (outcome, stored) = try search(options, stateLimit: nil, signatureBits: signatureBits, progress: progress)
        return (outcome, HashCompaction(signatureBits: signatureBits, states: stored))
    }

    private func search(_ options: CheckOptions, stateLimit: Int?, signatureBits: Int?,
                        progress: ProgressHandler?) throws -> (outcome: CheckOutcome, stored: Int) {
        let start = Date()
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        let limits = SearchLimits(deadline: options.timeout.map { start.addingTimeInterval($0) },
                                  memory: options.memoryLimit, layout: layout, compacted: signatureBits != nil)
        func giveUp(_ reason: String, depth: Int, stored: Int) throws -> (outcome: CheckOutcome, stored: Int) {
            if stateLimit != nil { throw Abandoned(reason: reason) }
            return (.unknown(reason: reason, depth: depth), stored)
        }
        func stopped(_ stop: SearchLimits.Stop, depth: Int, stored: Int) throws -> (outcome: CheckOutcome, stored: Int) {
            if stop == .timeout { return (.unknown(reason: "timeout", depth: depth), stored) }
            return try giveUp(SearchLimits.reason(stop, budget: options.memoryLimit), depth: depth, stored: stored)
        }
        if let why = interp.enumerationObstacle(capacity: min(stateLimit ?? Int.max, limits.stateCapacity)) {
            return try giveUp(why, depth: 0, stored: 0)
        }
        var found: [Trace] = []
        var classes = CounterexampleClasses(interpreter: interp)
        var verdict: CheckOutcome?
        var depth = 0
        // One violating state per orbit would hide distinct counterexamples whose violating
        // states are mirror images: several are searched for without the reduction.
        let reduce = options.symmetry && options.maxCounterexamples == 1
        let bfs = BreadthFirstSearch(interpreter: interp, limits: limits, symmetry: reduce ? Symmetry(program) : nil,
                                     signatureBits: signatureBits)
        do {
            try bfs.run(maxDepth: options.maxDepth, stateLimit: stateLimit, visit: { v in
                depth = v.depth
                // Enough counterexamples: the rest of the layer is not expanded.
                if found.count >= options.maxCounterexamples { return false }
                guard interp.violation(in: v.state, lastError: v.error) != nil else { return true }
                let reordered = Relinearizer(interpreter: interp).reorder(try bfs.schedule(to: v.node))
                // A copy of an earlier one up to symmetry or unread data choices is not distinct;
                // a violating state is not expanded.
                guard classes.insert(reordered) else { return false }
                let trace = try interp.trace(of: reordered)
                guard trace.violation != nil else {
                    throw CheckerInconsistency(message: "explicit search: a violating state replays clean")
                }
                found.append(trace)
                return false
            }, layerDone: { layer in
                if !found.isEmpty {
                    verdict = .violated(found)
                    return false
                }
                progress?(layer.depth, Date().timeIntervalSince(start))
                if layer.depth == options.maxDepth {
                    verdict = .holds(depth: layer.depth, complete: !layer.unexplored)
                } else if layer.lastLayer {
                    verdict = .holds(depth: layer.depth, complete: true)
                }
                return true
            })
        } catch BreadthFirstSearch.Stop.limit(let stop) {
            return try stopped(stop, depth: depth, stored: bfs.storedAtStop)
        } catch BreadthFirstSearch.Stop.stateLimit(let limit) {
            throw Abandoned(reason: "more than \(limit) states")
        }
        return (verdict ?? .holds(depth: options.maxDepth, complete: false), bfs.stored)
    }

    /// The number of distinct reachable states (for benchmarks), exploring everything within
    /// `memoryLimit`; throws `Abandoned` when the data choices are too wide or the budget runs out.
    public func countStates(memoryLimit: MemoryBudget? = .standard) throws -> Int {
        try explore(memoryLimit: memoryLimit, symmetry: false).states
    }

    /// What exploring every reachable state took: states (orbits, with symmetry) and the bytes
    /// the visited set held at the end.
    public struct Exploration: Sendable {
        /// The states stored.
        public let states: Int
        /// The bytes of the visited set and the search's parent links.
        public let bytes: Int
        /// Seconds.
        public let seconds: Double
    }

    /// Explores every reachable state within `memoryLimit` (for benchmarks: states/s and
    /// bytes/state); with `symmetry`, one state per orbit. Throws `Abandoned` when the data
    /// choices are too wide or the budget runs out.
    /// With `signatureBits`, states are stored as signatures (hash compaction).
    public func explore(memoryLimit: MemoryBudget? = .standard, symmetry: Bool,
                        signatureBits: Int? = nil) throws -> Exploration {
        let start = Date()
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        let limits = SearchLimits(deadline: nil, memory: memoryLimit, layout: layout, compacted: signatureBits != nil)
        if let why = interp.enumerationObstacle(capacity: limits.stateCapacity) { throw Abandoned(reason: why) }
        let search = BreadthFirstSearch(interpreter: interp, limits: limits,
                                        symmetry: symmetry ? Symmetry(program) : nil, signatureBits: signatureBits)
        do {
            try search.run(maxDepth: nil, visit: { v in interp.violation(in: v.state, lastError: v.error) == nil },
                           layerDone: { _ in true })
        } catch BreadthFirstSearch.Stop.limit(let stop) {
            throw Abandoned(reason: SearchLimits.reason(stop, budget: memoryLimit))
        }
        return Exploration(states: search.stored, bytes: search.storedBytes, seconds: Date().timeIntervalSince(start))
    }
}
