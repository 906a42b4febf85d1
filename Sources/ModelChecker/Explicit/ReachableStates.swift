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
    /// With a symmetry, the search stores one state per orbit (`complete` holds those).
    var symmetry: Symmetry? = nil

    /// Explores at most `stateLimit` states; stops at `deadline` and at `memory` (both read
    /// every few thousand successors).
    func explore(stateLimit: Int, deadline: Date?, memory: MemoryBudget? = .standard) -> Result {
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        let limits = SearchLimits(deadline: deadline, memory: memory, layout: layout)
        if let why = interp.enumerationObstacle(capacity: min(stateLimit, limits.stateCapacity)) {
            return .abandoned(why)
        }
        let search = BreadthFirstSearch(interpreter: interp, limits: limits, symmetry: symmetry)
        var violating: Schedule?
        do {
            try search.run(maxDepth: nil, stateLimit: stateLimit, visit: { v in
                if violating != nil { return false }
                guard interp.violation(in: v.state, lastError: v.error) == nil else {
                    violating = try search.schedule(to: v.node)
                    return false
                }
                return true
            }, layerDone: { _ in violating == nil })
        } catch BreadthFirstSearch.Stop.limit(let stop) {
            return stop == .timeout ? .timedOut : .abandoned(SearchLimits.reason(stop, budget: memory))
        } catch BreadthFirstSearch.Stop.stateLimit {
            return .limitReached
        } catch {
            return .abandoned("\(error)")
        }
        if let v = violating { return .violated(v) }
        return .complete(search.storedStates())
    }
}
