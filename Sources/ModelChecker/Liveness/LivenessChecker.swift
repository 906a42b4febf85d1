import Foundation
import ProtocolDSL

/// The explicit-state liveness search: fair accepting cycles over the whole reachable state graph.
///
/// For each clause it looks for a fair execution that violates it, under the fairness declared
/// per process kind (`ProcessKind.fairness`, per instance):
/// - `<> p` is violated by a fair execution in which `p` never holds: from an initial state
///   where `p` is false, a path through states where `p` is false into a fair component of them;
/// - `[]<> p` by one in which `p` holds only finitely often: any path, then a fair component of
///   states where `p` is false;
/// - `p ~> q` by one that reaches a state where `p` holds and `q` does not, and from there
///   stays, through states where `q` is false, in a fair component of them.
///
/// Executions are infinite; a state where no instance can move (all terminated, a deadlock, or
/// a step's error) repeats forever (a one-state loop of no steps), and fairness asks nothing
/// there. The counterexample is a lasso: a shortest stem (breadth-first, so no shorter prefix
/// reaches a violating loop) and a short loop (each open fairness obligation met by the nearest
/// state or step in turn, then the shortest way back), replayed on the interpreter, whose loop
/// is checked to return to the state it starts from.
///
/// The search stores every concrete state: no symmetry reduction (see `StateGraph`), and
/// `--depth` does not apply (a lasso needs the whole graph). Within `deadline` and `memory`
/// (read every few thousand steps), it answers unknown when it cannot finish.
public struct LivenessChecker {
    /// The program checked.
    public let program: Program

    /// Creates a checker.
    public init(program: Program) { self.program = program }

    /// Checks every liveness property of the program, in declaration order, over one state graph.
    public func check(deadline: Date? = nil, memory: MemoryBudget? = .standard) throws -> [LivenessResult] {
        guard !program.liveness.isEmpty else { return [] }
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        var limits = SearchLimits(deadline: deadline, memory: memory, layout: layout)
        func unknown(_ reason: String) -> [LivenessResult] {
            program.liveness.map { LivenessResult(property: $0.name, outcome: .unknown(reason: reason)) }
        }
        let graph: StateGraph
        switch try StateGraph.explore(interp, limits: &limits, budget: memory) {
        case .success(let g): graph = g
        case .failure(let why): return unknown(why.reason)
        }
        let fairness = program.instances.map { program.kinds[$0.kind].fairness }
        var results: [LivenessResult] = []
        for property in program.liveness {
            var outcome = LivenessOutcome.holds(states: graph.count)
            do {
                for clause in property.clauses {
                    if let lasso = try violation(of: clause, property, graph, fairness, &limits) {
                        outcome = .violated(lasso)
                        break
                    }
                }
            } catch let s as StateGraph.Stopped {
                outcome = .unknown(reason: SearchLimits.reason(s.stop, budget: memory))
            }
            results.append(LivenessResult(property: property.name, outcome: outcome))
        }
        return results
    }

    /// A lasso violating `clause`, or nil when every fair execution satisfies it.
    func violation(of clause: LivenessClause, _ property: LivenessIR, _ graph: StateGraph, _ fairness: [Fairness],
                   _ limits: inout SearchLimits) throws -> Lasso? {
        let interp = graph.interpreter
        func holds(_ e: TExpr) -> [Bool] {
            (0..<graph.count).map { n in
                var err: ErrorCode?
                return interp.eval(e, graph.store.state(n), nil, &err) != 0
            }
        }
        let stay: [Bool], entry: [Bool], wander: Bool
        switch clause.formula {
        case .eventually(let p):
            stay = holds(p).map { !$0 }
            entry = stay
            wander = false
        case .infinitelyOften(let p):
            stay = holds(p).map { !$0 }
            entry = stay
            wander = true
        case .leadsTo(let p, let q):
            stay = holds(q).map { !$0 }
            entry = zip(holds(p), stay).map { $0 && $1 }
            wander = true
        }
        // The region: states where `stay` holds, reachable from an entry through such states.
        var region = [Bool](repeating: false, count: graph.count)
        var queue = (0..<graph.count).filter { entry[$0] }
        for v in queue { region[v] = true }
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for e in graph.edges(of: u) {
                let v = Int(graph.edgeTarget[e])
                if stay[v] && !region[v] {
                    region[v] = true
                    queue.append(v)
                }
            }
        }
        let components = try FairComponents(graph: graph, region: region, fairness: fairness, limits: &limits)
        guard !components.members.isEmpty else { return nil }
        let search = LassoSearch(graph: graph, region: region, entry: entry, wander: wander, components: components,
                                 fairness: fairness)
        guard let stem = search.stem() else { return nil }
        let loop = try search.loop(from: stem.end)
        let schedule = Schedule(initialChoices: graph.interpreter.initialChoices(of: graph.store.state(stem.start)),
                                steps: (stem.edges + loop).map(graph.step))
        return try Lasso(program: program, property: property, instantiation: clause.instantiation, schedule: schedule,
                         loopStart: stem.edges.count)
    }
}
