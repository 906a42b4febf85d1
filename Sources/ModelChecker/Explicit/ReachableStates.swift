import Foundation
import ProtocolDSL

/// Every reachable state of a program, collected by breadth-first search over the reference
/// semantics, for proofs that need the reachable set itself (see `InvisibleInvariantProver`).
struct ReachableStates {
    /// What the search found.
    enum Result {
        /// The search finished: these are all reachable states, and none violates a property.
        case complete(Set<[UInt64]>)
        /// A reachable state violates a property; the schedule leads there from an initial state.
        case violated(Schedule)
        /// The search stored `stateLimit` states and stopped.
        case limitReached
        /// The deadline passed.
        case timedOut
        /// The search cannot finish within its memory budget: the data choices are too wide
        /// to enumerate, or the budget ran out; the reason says which.
        case abandoned(String)
    }

    let program: Program

    /// Explores at most `stateLimit` states; stops at `deadline` and at `memory` (both read
    /// every few thousand successors).
    func explore(stateLimit: Int, deadline: Date?, memory: MemoryBudget? = .standard) -> Result {
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        var limits = SearchLimits(deadline: deadline, memory: memory, slots: layout.count)
        func stopped(_ stop: SearchLimits.Stop) -> Result {
            stop == .timeout ? .timedOut : .abandoned(SearchLimits.reason(stop, budget: memory))
        }
        if let why = interp.enumerationObstacle(capacity: min(stateLimit, limits.stateCapacity)) {
            return .abandoned(why)
        }
        var index: [[UInt64]: Int] = [:]
        var parent: [(node: Int, step: ScheduledStep?)] = []
        var frontier: [(node: Int, state: [UInt64], error: (code: ErrorCode, message: String)?)] = []
        let initial = interp.initialStates()
        for s in initial where index[s] == nil {
            if let stop = limits.tick(stored: parent.count) {
                SearchLimits.retire((index, parent, frontier))
                return stopped(stop)
            }
            index[s] = parent.count
            frontier.append((parent.count, s, nil))
            parent.append((-1, nil))
        }
        func schedule(to n: Int) -> Schedule {
            var steps: [ScheduledStep] = []
            var cur = n
            while let s = parent[cur].step {
                steps.append(s)
                cur = parent[cur].node
            }
            let s0 = initial.first { index[$0] == cur } ?? initial[0]
            return Schedule(initialChoices: interp.initialChoices(of: s0), steps: steps.reversed())
        }
        while !frontier.isEmpty {
            if let stop = limits.check(stored: parent.count) {
                SearchLimits.retire((index, parent, frontier))
                return stopped(stop)
            }
            var next: [(node: Int, state: [UInt64], error: (code: ErrorCode, message: String)?)] = []
            for (n, s, err) in frontier {
                if interp.violation(in: s, lastError: err) != nil { return .violated(schedule(to: n)) }
                for i in program.instances.indices where interp.enabled(s, i) {
                    for out in interp.execute(s, i) {
                        if let stop = limits.tick(stored: parent.count) {
                            SearchLimits.retire((index, parent, frontier, next))
                            return stopped(stop)
                        }
                        guard index[out.state] == nil else { continue }
                        if parent.count >= stateLimit {
                            SearchLimits.retire((index, parent, frontier, next))
                            return .limitReached
                        }
                        index[out.state] = parent.count
                        next.append((parent.count, out.state, out.error))
                        parent.append((n, ScheduledStep(instance: i, choices: out.choices)))
                    }
                }
            }
            frontier = next
        }
        return .complete(Set(index.keys))
    }
}
