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

    /// The search stopped because it stored `stateLimit` states (see `check(_:stateLimit:progress:)`).
    public struct StateLimitReached: Error {
        /// The limit.
        public let limit: Int
    }

    /// Runs the search up to `options.maxDepth` layers; with `stateLimit`, throws
    /// `StateLimitReached` once that many states are stored.
    public func check(_ options: CheckOptions, stateLimit: Int? = nil,
                      progress: ProgressHandler? = nil) throws -> CheckOutcome {
        let start = Date()
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
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
            index[s] = nodes.count
            initialChoiceOf[nodes.count] = interp.initialChoices(of: s)
            frontier.append((nodes.count, s, nil))
            nodes.append(Node(parent: -1, step: nil))
        }
        var depth = 0
        while true {
            if let t = options.timeout, Date().timeIntervalSince(start) > t {
                return .unknown(reason: "timeout", depth: depth)
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
                    for out in interp.execute(s, i) where index[out.state] == nil {
                        if depth == options.maxDepth {
                            // A new state beyond the bound: the search is not complete.
                            unexplored = true
                            break
                        }
                        if let limit = stateLimit, nodes.count >= limit { throw StateLimitReached(limit: limit) }
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

    /// The number of distinct reachable states (for benchmarks), exploring everything.
    public func countStates() -> Int {
        let interp = Interpreter(layout: StateLayout(program))
        var seen = Set(interp.initialStates())
        var frontier = Array(seen)
        while !frontier.isEmpty {
            var next: [[UInt64]] = []
            for s in frontier where interp.violation(in: s, lastError: nil) == nil {
                for i in program.instances.indices where interp.enabled(s, i) {
                    for out in interp.execute(s, i) where seen.insert(out.state).inserted { next.append(out.state) }
                }
            }
            frontier = next
        }
        return seen.count
    }
}
