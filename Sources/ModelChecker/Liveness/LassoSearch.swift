import ProtocolDSL

/// A shortest stem to a fair component and a short fair loop inside it, in a `StateGraph`.
///
/// The violation of a clause is a path that may wander the whole graph (phase 0, only when
/// `wander` is set), enters the region at an `entry` node (phase 1) and stays in the region
/// (`region`) until it reaches a fair component. The stem is a breadth-first shortest path in
/// the product of the graph with the two phases. The loop starts where the stem ends and
/// visits, one after the other, the nearest state or step that meets each fairness obligation
/// still open, then takes a shortest way back.
struct LassoSearch {
    let graph: StateGraph
    let region: [Bool]
    let entry: [Bool]
    let wander: Bool
    let components: FairComponents
    /// Per flat instance.
    let fairness: [Fairness]

    /// A shortest stem: its initial node, its edges and its end node; nil when no fair
    /// component can be reached.
    func stem() -> (start: Int, edges: [Int], end: Int)? {
        let n = graph.count
        // Product node k = node * 2 + phase; parentEdge -1 for a seed.
        var parent = [Int32](repeating: -2, count: 2 * n)
        var parentEdge = [Int32](repeating: -1, count: 2 * n)
        var queue: [Int] = []
        func seed(_ k: Int) {
            guard parent[k] == -2 else { return }
            parent[k] = -1
            queue.append(k)
        }
        // Phase 1 first at each depth: of the shortest stems, one entering the region earliest.
        for v in graph.initial {
            if entry[v] { seed(2 * v + 1) }
            if wander { seed(2 * v) }
        }
        var head = 0
        var goal: Int?
        while head < queue.count {
            let k = queue[head]
            head += 1
            let u = k / 2, phase = k % 2
            if phase == 1 && components.component[u] >= 0 {
                goal = k
                break
            }
            for e in graph.edges(of: u) {
                let v = Int(graph.edgeTarget[e])
                var next: [Int] = []
                if phase == 0 {
                    if entry[v] { next.append(2 * v + 1) }
                    next.append(2 * v)
                } else if region[v] {
                    next.append(2 * v + 1)
                }
                for t in next where parent[t] == -2 {
                    parent[t] = Int32(k)
                    parentEdge[t] = Int32(e)
                    queue.append(t)
                }
            }
        }
        guard let goal else { return nil }
        // The product nodes from the seed to the goal.
        var path = [goal]
        while parent[path[path.count - 1]] >= 0 { path.append(Int(parent[path[path.count - 1]])) }
        path.reverse()
        return (path[0] / 2, path.dropFirst().map { Int(parentEdge[$0]) }, goal / 2)
    }

    /// The edges of a fair loop from `start` (inside an accepted component) back to `start`;
    /// empty when `start` is a state where nothing can move. Throws `CheckerInconsistency` if
    /// the component does not have what made it fair.
    func loop(from start: Int) throws -> [Int] {
        if graph.isTerminal(start) { return [] }
        let c = components.component[start]
        // One obligation per fair instance: take one of its steps, or (weak fairness, or strong
        // fairness with no step of it in the component) be in a state where it cannot move.
        let members = components.members[Int(c)]
        var open: [Int] = []
        for i in fairness.indices where fairness[i] != .none {
            let steps = members.contains { v in graph.edges(of: v).contains { inComponent($0, c) && Int(graph.edgeMover[$0]) == i } }
            if fairness[i] == .strong && !steps { continue }
            open.append(i)
        }
        var loop: [Int] = []
        var cur = start
        func discharge(node v: Int) { open.removeAll { !graph.isEnabled(v, $0) && fairness[$0] == .weak } }
        func discharge(edge e: Int) { open.removeAll { $0 == Int(graph.edgeMover[e]) } }
        func walk(_ path: [Int]) throws {
            guard !path.isEmpty else {
                throw CheckerInconsistency(message: "liveness search: a fair component has no fair loop")
            }
            for e in path {
                loop.append(e)
                discharge(edge: e)
                cur = Int(graph.edgeTarget[e])
                discharge(node: cur)
            }
        }
        discharge(node: start)
        while let i = open.first {
            let weak = fairness[i] == .weak
            try walk(path(from: cur, c, node: { weak && !graph.isEnabled($0, i) }, edge: { Int(graph.edgeMover[$0]) == i }))
        }
        if cur != start || loop.isEmpty {
            try walk(path(from: cur, c, node: { $0 == start && $0 != cur }, edge: { Int(graph.edgeTarget[$0]) == start }))
        }
        return loop
    }

    private func inComponent(_ e: Int, _ c: Int32) -> Bool { components.component[Int(graph.edgeTarget[e])] == c }

    /// A shortest path inside component `c` from `start` to the first node meeting `node` (a
    /// node met when reached) or through the first edge meeting `edge`.
    private func path(from start: Int, _ c: Int32, node: (Int) -> Bool, edge: (Int) -> Bool) -> [Int] {
        var parentEdge: [Int: Int] = [start: -1]
        var queue = [start]
        var head = 0
        func back(_ v: Int) -> [Int] {
            var edges: [Int] = []
            var cur = v
            while let e = parentEdge[cur], e >= 0 {
                edges.append(e)
                cur = graph.edgeSource(e)
            }
            return edges.reversed()
        }
        while head < queue.count {
            let u = queue[head]
            head += 1
            if node(u) { return back(u) }
            for e in graph.edges(of: u) where inComponent(e, c) {
                if edge(e) { return back(u) + [e] }
                let v = Int(graph.edgeTarget[e])
                if parentEdge[v] == nil {
                    parentEdge[v] = e
                    queue.append(v)
                }
            }
        }
        return []
    }
}
