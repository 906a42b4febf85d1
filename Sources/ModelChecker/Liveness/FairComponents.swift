import ProtocolDSL

/// The fair strongly connected components of a region of a `StateGraph`: the places where a
/// fair execution can stay forever without leaving the region.
///
/// A component is fair when a cycle through all of its states and steps is a fair execution:
/// for each instance with weak (or strong) fairness, the component has a step of it or a state
/// where it cannot move; for each instance with strong fairness and no step in the component,
/// it cannot move anywhere in it. States where such a strongly fair instance can move are
/// removed and what remains is split again (Emerson and Lei's algorithm for Streett
/// conditions). A single state with no step at all is fair: the execution stutters there
/// forever and nothing is enabled. Components are found with Tarjan's algorithm (iterative).
struct FairComponents {
    /// Per node: the accepted component it belongs to, or -1.
    private(set) var component: [Int32]
    /// The accepted components' nodes.
    private(set) var members: [[Int]] = []

    /// The fair components inside `region` (per node: whether it is in the region); `fairness`
    /// is per flat instance. Reads `limits` (the deadline) every few thousand nodes.
    init(graph: StateGraph, region: [Bool], fairness: [Fairness], limits: inout SearchLimits) throws {
        let n = graph.count
        component = [Int32](repeating: -1, count: n)
        var label = [Int32](repeating: -1, count: n)
        var work: [(id: Int32, nodes: [Int])] = []
        var nextID: Int32 = 1
        let start = (0..<n).filter { region[$0] }
        for v in start { label[v] = 0 }
        if !start.isEmpty { work.append((0, start)) }
        var tarjan = Tarjan(count: n)
        let fair = fairness.indices.filter { fairness[$0] != .none }
        let strong = fairness.indices.filter { fairness[$0] == .strong }
        while let (id, nodes) = work.popLast() {
            for scc in try tarjan.components(graph, nodes: nodes, inside: { label[$0] == id }, limits: &limits) {
                let sid = nextID
                nextID += 1
                for v in scc { label[v] = sid }
                var moved = [Bool](repeating: false, count: graph.instances)
                var hasStep = false
                for v in scc {
                    for e in graph.edges(of: v) where label[Int(graph.edgeTarget[e])] == sid {
                        hasStep = true
                        moved[Int(graph.edgeMover[e])] = true
                    }
                }
                guard hasStep else {
                    if graph.isTerminal(scc[0]) { accept(scc) } else { label[scc[0]] = -1 }
                    continue
                }
                let unmoved = strong.filter { !moved[$0] }
                let bad = scc.filter { v in unmoved.contains { graph.isEnabled(v, $0) } }
                if !bad.isEmpty {
                    for v in bad { label[v] = -1 }
                    let rest = scc.filter { label[$0] == sid }
                    if !rest.isEmpty {
                        let rid = nextID
                        nextID += 1
                        for v in rest { label[v] = rid }
                        work.append((rid, rest))
                    }
                    continue
                }
                let isFair = fair.allSatisfy { i in moved[i] || scc.contains { !graph.isEnabled($0, i) } }
                if isFair { accept(scc) } else { for v in scc { label[v] = -1 } }
            }
        }
    }

    private mutating func accept(_ scc: [Int]) {
        for v in scc { component[v] = Int32(members.count) }
        members.append(scc)
    }
}

/// Tarjan's strongly connected components over a subset of a `StateGraph`'s nodes, without
/// recursion (components of millions of states would overflow the stack).
struct Tarjan {
    private var index: [Int32]
    private var low: [Int32]
    private var onStack: [Bool]

    /// Scratch space for graphs of `count` nodes.
    init(count: Int) {
        index = [Int32](repeating: -1, count: count)
        low = [Int32](repeating: 0, count: count)
        onStack = [Bool](repeating: false, count: count)
    }

    /// The strongly connected components of the subgraph of `nodes` (edges whose target is
    /// `inside`), each as a node list.
    mutating func components(_ graph: StateGraph, nodes: [Int], inside: (Int) -> Bool,
                             limits: inout SearchLimits) throws -> [[Int]] {
        var counter: Int32 = 0
        var stack: [Int] = []
        var call: [(node: Int, edge: Int)] = []
        var result: [[Int]] = []
        defer { for v in nodes { index[v] = -1 } }
        func push(_ v: Int) {
            index[v] = counter
            low[v] = counter
            counter += 1
            stack.append(v)
            onStack[v] = true
            call.append((v, graph.edges(of: v).lowerBound))
        }
        for root in nodes where index[root] == -1 {
            push(root)
            while let top = call.last {
                if let stop = limits.tick(stored: graph.count) { throw StateGraph.Stopped(stop: stop) }
                let v = top.node
                var e = top.edge
                let end = graph.edges(of: v).upperBound
                var descended = false
                while e < end {
                    let w = Int(graph.edgeTarget[e])
                    e += 1
                    guard inside(w) else { continue }
                    if index[w] == -1 {
                        call[call.count - 1].edge = e
                        push(w)
                        descended = true
                        break
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                }
                if descended { continue }
                call.removeLast()
                if let parent = call.last { low[parent.node] = min(low[parent.node], low[v]) }
                if low[v] == index[v] {
                    var scc: [Int] = []
                    while true {
                        let w = stack.removeLast()
                        onStack[w] = false
                        scc.append(w)
                        if w == v { break }
                    }
                    result.append(scc)
                }
            }
        }
        return result
    }
}
