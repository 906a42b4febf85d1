import Foundation
import ProtocolDSL

/// The reachable states of one clause's liveness-to-safety translation (`LivenessTranslation`),
/// explored explicitly over the program's state graph, as tuples over the translation's
/// variables (the program's slots, then `LivenessMonitor`'s: saved, copy, moved, enabledAll,
/// enabledAny, seen, history).
///
/// Each step here is the monitor's `next` on concrete values: a graph edge, with the oracle's
/// save bit both ways while nothing is saved. The set is only a candidate invariant for the
/// translated system: it becomes a proof when a fresh Z3 solver has re-checked it against the
/// symbolic translation, so a difference between the two costs the proof, never soundness.
struct LivenessProductStates {
    /// A translated state: a graph node and the monitor's values.
    struct Node: Hashable {
        var state: Int
        var saved: Bool
        var copy: Int
        var moved: [Bool]
        var enabledAll: [Bool]
        var enabledAny: [Bool]
        var seen: Bool
        var history: Bool
    }

    /// What the exploration found.
    enum Outcome {
        /// Every reachable translated state, as tuples over the translation's variables.
        case complete(Set<[UInt64]>)
        /// A bad translated state is reachable: the clause is violated.
        case badReachable
        /// More than the limit of translated states, or the deadline passed.
        case stopped(String)
    }

    let graph: StateGraph
    let formula: LivenessFormula
    let fairness: [Fairness]
    /// Per condition of the formula, its value in each node (evaluated once per node, not per
    /// translated state).
    let truth: [TExpr: [Bool]]

    init(graph: StateGraph, clause: LivenessClause) {
        self.graph = graph
        formula = clause.formula
        let program = graph.interpreter.layout.program
        fairness = program.instances.map { program.kinds[$0.kind].fairness }
        var truth: [TExpr: [Bool]] = [:]
        for e in clause.formula.conditions where truth[e] == nil {
            truth[e] = (0..<graph.count).map { n in
                var err: ErrorCode?
                return graph.interpreter.eval(e, graph.store.state(n), nil, &err) != 0
            }
        }
        self.truth = truth
    }

    func holds(_ e: TExpr, _ node: Int) -> Bool { truth[e]?[node] ?? false }

    /// `LivenessMonitor.historyAfter` on a node.
    func historyAfter(_ before: Bool, _ node: Int) -> Bool {
        switch formula {
        case .eventually(let p): return before || holds(p, node)
        case .leadsTo(let p, let q): return (before || holds(p, node)) && !holds(q, node)
        case .infinitelyOften: return false
        }
    }

    /// `LivenessMonitor.loopCondition` on a node.
    func loopCondition(_ node: Int) -> Bool {
        switch formula {
        case .eventually: return false
        case .infinitelyOften(let p), .leadsTo(_, let p): return holds(p, node)
        }
    }

    /// `LivenessMonitor.bad` on a translated state.
    func isBad(_ x: Node) -> Bool {
        if graph.isTerminal(x.state) {
            let violated: Bool
            switch formula {
            case .eventually: violated = !x.history
            case .infinitelyOften(let p): violated = !holds(p, x.state)
            case .leadsTo: violated = x.history
            }
            if violated { return true }
        }
        // Nodes are distinct states, so the loop is closed when the node is the copy's.
        guard x.saved, x.state == x.copy else { return false }
        for (i, f) in fairness.enumerated() {
            switch f {
            case .none: break
            case .weak: if !(x.moved[i] || !x.enabledAll[i]) { return false }
            case .strong: if !(x.moved[i] || !x.enabledAny[i]) { return false }
            }
        }
        switch formula {
        case .eventually: return !x.history
        case .infinitelyOften: return !x.seen
        case .leadsTo: return x.history && !x.seen
        }
    }

    /// The successors of `x` (`LivenessMonitor.next`, for each edge and save bit).
    func successors(_ x: Node) -> [Node] {
        let n = fairness.count
        var out: [Node] = []
        for e in graph.edges(of: x.state) {
            let target = Int(graph.edgeTarget[e]), mover = Int(graph.edgeMover[e])
            for save in x.saved ? [false] : [false, true] {
                let open = save || x.saved, fresh = save || !x.saved
                var y = x
                for i in 0..<n {
                    let on = graph.isEnabled(x.state, i)
                    y.moved[i] = open && ((!fresh && x.moved[i]) || i == mover)
                    y.enabledAll[i] = !open || ((fresh || x.enabledAll[i]) && on)
                    y.enabledAny[i] = open && ((!fresh && x.enabledAny[i]) || on)
                }
                y.copy = save ? x.state : (x.saved ? x.copy : target)
                y.saved = open
                y.seen = open && ((!fresh && x.seen) || loopCondition(x.state))
                y.history = historyAfter(x.history, target)
                y.state = target
                out.append(y)
            }
        }
        return out
    }

    /// Explores the translated states from every initial node, up to `limit` of them.
    func explore(limit: Int, deadline: Date?) -> Outcome {
        let n = fairness.count
        var seen = Set<Node>()
        var queue: [Node] = []
        for s in graph.initial {
            let x = Node(state: s, saved: false, copy: s, moved: Array(repeating: false, count: n),
                         enabledAll: Array(repeating: true, count: n), enabledAny: Array(repeating: false, count: n),
                         seen: false, history: historyAfter(false, s))
            if seen.insert(x).inserted { queue.append(x) }
        }
        var head = 0
        while head < queue.count {
            if head % 4096 == 0, let d = deadline, Date() >= d { return .stopped("timeout") }
            let x = queue[head]
            head += 1
            if isBad(x) { return .badReachable }
            for y in successors(x) where seen.insert(y).inserted {
                guard seen.count <= limit else {
                    return .stopped("the translated system has more than \(limit) reachable states")
                }
                queue.append(y)
            }
        }
        return .complete(Set(queue.map(tuple)))
    }

    /// `x` over the translation's variables.
    func tuple(_ x: Node) -> [UInt64] {
        func bit(_ b: Bool) -> UInt64 { b ? 1 : 0 }
        return graph.store.state(x.state) + [bit(x.saved)] + graph.store.state(x.copy) + x.moved.map(bit)
            + x.enabledAll.map(bit) + x.enabledAny.map(bit) + [bit(x.seen), bit(x.history)]
    }
}
