import Foundation
import ProtocolDSL

/// Breadth-first explicit-state search over the reference semantics: the independent oracle.
///
/// States are kept once in a hash set; a violating state is not expanded. Because the search
/// goes layer by layer, the first violation found is a shortest one, like BMC's.
public struct ExplicitChecker {
    /// The program checked.
    public let program: Program

    /// Creates a checker.
    public init(program: Program) { self.program = program }

    struct Node {
        let parent: Int
        let step: ScheduledStep?
    }

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
        let start = Date()
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        var limits = SearchLimits(deadline: options.timeout.map { start.addingTimeInterval($0) },
                                  memory: options.memoryLimit, slots: layout.count)
        func giveUp(_ reason: String, depth: Int) throws -> CheckOutcome {
            if stateLimit != nil { throw Abandoned(reason: reason) }
            return .unknown(reason: reason, depth: depth)
        }
        func stopped(_ stop: SearchLimits.Stop, depth: Int) throws -> CheckOutcome {
            if stop == .timeout { return .unknown(reason: "timeout", depth: depth) }
            return try giveUp(SearchLimits.reason(stop, budget: options.memoryLimit), depth: depth)
        }
        if let why = interp.enumerationObstacle(capacity: min(stateLimit ?? Int.max, limits.stateCapacity)) {
            return try giveUp(why, depth: 0)
        }
        var index: [[UInt64]: Int] = [:]
        var nodes: [Node] = []
        var initialChoiceOf: [Int: [Int: Int64]] = [:]
        var frontier: [(Int, [UInt64], (code: ErrorCode, message: String)?)] = []
        var found: [Trace] = []
        var classes = CounterexampleClasses(interpreter: interp)

        func schedule(of n: Int) -> Schedule {
            var steps: [ScheduledStep] = []
            var cur = n
            while let s = nodes[cur].step {
                steps.append(s)
                cur = nodes[cur].parent
            }
            return Schedule(initialChoices: initialChoiceOf[cur] ?? [:], steps: steps.reversed())
        }

        for s in interp.initialStates() where index[s] == nil {
            if let stop = limits.tick(stored: nodes.count) {
                SearchLimits.retire((index, nodes, frontier))
                return try stopped(stop, depth: 0)
            }
            index[s] = nodes.count
            initialChoiceOf[nodes.count] = interp.initialChoices(of: s)
            frontier.append((nodes.count, s, nil))
            nodes.append(Node(parent: -1, step: nil))
        }
        var depth = 0
        while true {
            if let stop = limits.check(stored: nodes.count) {
                SearchLimits.retire((index, nodes, frontier))
                return try stopped(stop, depth: depth)
            }
            var next: [(Int, [UInt64], (code: ErrorCode, message: String)?)] = []
            var unexplored = false
            for (n, s, err) in frontier {
                if interp.violation(in: s, lastError: err) != nil {
                    let reordered = Relinearizer(interpreter: interp).reorder(schedule(of: n))
                    // A copy of an earlier one up to symmetry or unread data choices is not distinct.
                    guard classes.insert(reordered) else { continue }
                    let trace = try interp.trace(of: reordered)
                    guard trace.violation != nil else {
                        throw CheckerInconsistency(message: "explicit search: a violating state replays clean")
                    }
                    found.append(trace)
                    if found.count >= options.maxCounterexamples { return .violated(found) }
                    continue
                }
                for i in program.instances.indices where interp.enabled(s, i) {
                    for out in interp.execute(s, i) {
                        if let stop = limits.tick(stored: nodes.count) {
                            SearchLimits.retire((index, nodes, frontier, next))
                            return try stopped(stop, depth: depth)
                        }
                        guard index[out.state] == nil else { continue }
                        if depth == options.maxDepth {
                            // A new state beyond the bound: the search is not complete.
                            unexplored = true
                            break
                        }
                        if let limit = stateLimit, nodes.count >= limit {
                            SearchLimits.retire((index, nodes, frontier, next))
                            throw Abandoned(reason: "more than \(limit) states")
                        }
                        index[out.state] = nodes.count
                        nodes.append(Node(parent: n, step: ScheduledStep(instance: i, choices: out.choices)))
                        next.append((nodes.count - 1, out.state, out.error))
                    }
                }
            }
            if !found.isEmpty { return .violated(found) }
            progress?(depth, Date().timeIntervalSince(start))
            if depth == options.maxDepth { return .holds(depth: depth, complete: !unexplored) }
            if next.isEmpty { return .holds(depth: depth, complete: true) }
            frontier = next
            depth += 1
        }
    }

    /// The number of distinct reachable states (for benchmarks), exploring everything within
    /// `memoryLimit`; throws `Abandoned` when the data choices are too wide or the budget runs out.
    public func countStates(memoryLimit: MemoryBudget? = .standard) throws -> Int {
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        var limits = SearchLimits(deadline: nil, memory: memoryLimit, slots: layout.count)
        if let why = interp.enumerationObstacle(capacity: limits.stateCapacity) { throw Abandoned(reason: why) }
        var seen = Set(interp.initialStates())
        var frontier = Array(seen)
        while !frontier.isEmpty {
            var next: [[UInt64]] = []
            for s in frontier where interp.violation(in: s, lastError: nil) == nil {
                for i in program.instances.indices where interp.enabled(s, i) {
                    for out in interp.execute(s, i) {
                        if let stop = limits.tick(stored: seen.count) {
                            SearchLimits.retire((seen, frontier, next))
                            throw Abandoned(reason: SearchLimits.reason(stop, budget: memoryLimit))
                        }
                        if seen.insert(out.state).inserted { next.append(out.state) }
                    }
                }
            }
            frontier = next
        }
        return seen.count
    }
}
