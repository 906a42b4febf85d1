import ProtocolDSL

/// Every reachable state of a program with every step between them, for the liveness search.
///
/// Nodes are numbered in breadth-first order from the initial states, so a node's parent link
/// (the step that first reached it) gives a shortest schedule to it. Edges are kept per node
/// (compressed rows), each with the moving instance and its choices; enabledness of every
/// instance in every node is kept too, because fairness reads it. No symmetry reduction: a fair
/// cycle of orbits is not, in general, a fair cycle of states (the instance a fairness
/// constraint names changes under the permutation), so the graph is over concrete states.
struct StateGraph {
    let interpreter: Interpreter
    /// The packed states; node `n` is `store.state(n)`.
    private(set) var store: StateStore
    /// Nodes of the initial states, in order.
    private(set) var initial: [Int] = []
    /// Compressed rows: the edges of node `n` are `edgeStart[n]..<edgeStart[n + 1]`.
    private(set) var edgeStart: [Int] = [0]
    private(set) var edgeTarget: [UInt32] = []
    private(set) var edgeMover: [UInt32] = []
    /// Per edge: the index of its choices in `choiceTable`, -1 for none.
    private var edgeChoices: [Int32] = []
    private var choiceTable: [[Int: Int64]] = []
    /// `enabled[n * instances + i]`: whether instance `i` can move in node `n`.
    private(set) var enabled: [Bool] = []
    let instances: Int

    /// The number of nodes.
    var count: Int { store.count }

    /// The edges of node `n`, as indices into the edge arrays.
    func edges(of n: Int) -> Range<Int> { edgeStart[n]..<edgeStart[n + 1] }

    /// The node edge `e` leaves (a binary search of the rows).
    func edgeSource(_ e: Int) -> Int {
        var lo = 0, hi = count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if edgeStart[mid] <= e { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Whether instance `i` can move in node `n`.
    func isEnabled(_ n: Int, _ i: Int) -> Bool { enabled[n * instances + i] }

    /// Whether nothing can move in node `n` (the execution stutters there forever).
    func isTerminal(_ n: Int) -> Bool { edgeStart[n] == edgeStart[n + 1] }

    /// The schedule step edge `e` takes.
    func step(_ e: Int) -> ScheduledStep {
        let ref = Int(edgeChoices[e])
        return ScheduledStep(instance: Int(edgeMover[e]), choices: ref < 0 ? [:] : choiceTable[ref])
    }

    /// A limit ended the exploration.
    struct Stopped: Error {
        let stop: SearchLimits.Stop
    }

    /// The graph of `interpreter`'s program within `limits` (`budget` is the memory budget the
    /// limits were made with), or why there is none: the data choices are too many to
    /// enumerate, or a limit ended the exploration (the reason as the engines print it).
    static func explore(_ interpreter: Interpreter, limits: inout SearchLimits,
                        budget: MemoryBudget?) throws -> Result<StateGraph, Unexplored> {
        if let why = interpreter.enumerationObstacle(capacity: limits.stateCapacity) { return .failure(Unexplored(reason: why)) }
        do {
            return .success(try StateGraph(interpreter: interpreter, limits: &limits))
        } catch let s as Stopped {
            return .failure(Unexplored(reason: SearchLimits.reason(s.stop, budget: budget)))
        }
    }

    /// Why `explore` built no graph.
    struct Unexplored: Error {
        let reason: String
    }

    /// Explores every reachable state within `limits`; throws `Stopped` when one ends it (the
    /// storage is then retired off the caller's clock).
    init(interpreter: Interpreter, limits: inout SearchLimits) throws {
        self.interpreter = interpreter
        instances = interpreter.layout.program.instances.count
        store = StateStore(layout: interpreter.layout)
        let cap = Swift.min(StateStore.capacity, limits.stateCapacity)
        for s in interpreter.initialStates() {
            let (node, inserted) = store.insert(s)
            if inserted { initial.append(node) }
        }
        if let stop = limits.check(stored: store.count) { throw Stopped(stop: retired(stop)) }
        var n = 0
        while n < store.count {
            if let stop = limits.tick(stored: store.count) { throw Stopped(stop: retired(stop)) }
            let s = store.state(n)
            for i in 0..<instances {
                let on = interpreter.enabled(s, i)
                enabled.append(on)
                guard on else { continue }
                for out in interpreter.execute(s, i) {
                    if let stop = limits.tick(stored: store.count) { throw Stopped(stop: retired(stop)) }
                    guard store.count < cap || store.node(of: out.state) != nil else {
                        throw Stopped(stop: retired(.memory(states: store.count)))
                    }
                    let (target, _) = store.insert(out.state)
                    edgeTarget.append(UInt32(target))
                    edgeMover.append(UInt32(i))
                    if out.choices.isEmpty {
                        edgeChoices.append(-1)
                    } else {
                        edgeChoices.append(Int32(choiceTable.count))
                        choiceTable.append(out.choices)
                    }
                }
            }
            edgeStart.append(edgeTarget.count)
            n += 1
        }
    }

    private mutating func retired(_ stop: SearchLimits.Stop) -> SearchLimits.Stop {
        SearchLimits.retire(UncheckedStorage((store, edgeTarget, edgeMover, edgeChoices, choiceTable, enabled)))
        store = StateStore(layout: interpreter.layout)
        edgeTarget = []
        edgeMover = []
        edgeChoices = []
        choiceTable = []
        enabled = []
        return stop
    }
}
