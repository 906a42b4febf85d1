import ModelChecker
import ProtocolDSL
import RandomProtocols
import XCTest

/// The liveness search against an independent oracle on random cyclic protocols: the
/// Emerson-Lei fixpoint for fair `EG` (no SCCs, no lassos), computed here over the state graph
/// the interpreter gives. Every verdict must agree; every lasso is also checked by `Lasso.init`
/// inside the search.
final class LivenessOracleTests: XCTestCase {
    func testVerdictsAgreeWithTheFairEGFixpoint() throws {
        var violated = 0, held = 0
        for seed in UInt64(1)...120 {
            let m = CyclicProtocols.draw(seed: seed)
            let p = try m.instantiate(try m.configuration())
            let oracle = FairEGOracle(program: p)
            for r in try LivenessChecker(program: p).check() {
                let property = try XCTUnwrap(p.liveness.first { $0.name == r.property })
                let expected = property.clauses.contains { oracle.violated($0.formula) }
                switch r.outcome {
                case .violated: XCTAssertTrue(expected, "seed \(seed) \(r.property): the oracle says it holds")
                    violated += 1
                case .holds, .proved: XCTAssertFalse(expected, "seed \(seed) \(r.property): the oracle finds a fair violation")
                    held += 1
                case .unknown(let why): XCTFail("seed \(seed): unknown (\(why))")
                }
            }
        }
        // Both answers occur often enough for the comparison to mean something.
        XCTAssertGreaterThan(violated, 50)
        XCTAssertGreaterThan(held, 50)
    }
}

/// Small random protocols with cycles: two kinds (`a` with one or two instances, `b` with one),
/// each with two to four steps that test and set two small globals and jump anywhere, each kind
/// with no or weak fairness; three liveness properties over locations and globals.
enum CyclicProtocols {
    static func draw(seed: UInt64) -> ProtocolModel {
        let body: @Sendable (ModelContext) -> [ProtocolItem] = { _ in
            var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15)
            let g = [Global("g0", .u8), Global("g1", .u8)]
            var items: [ProtocolItem] = g.compactMap { if case .variable(let d) = $0 { return .global(d) }; return nil }
            var labels: [String: [String]] = [:]
            for (kind, instances) in [("a", 1 + rng.below(2)), ("b", 1)] {
                let steps = 2 + rng.below(3)
                let names = (0..<steps).map { "\(kind)\($0)" }
                labels[kind] = names
                var decls: [StepDecl] = []
                for n in 0..<steps {
                    let v = g[rng.below(2)], w = g[rng.below(2)]
                    let c = Expr.int(Int64(rng.below(3)))
                    let guardExpr: Expr? = [nil, v == c, v != c][rng.below(3)]
                    let value: Expr = rng.chance(50) ? Expr.int(Int64(rng.below(3))) : ite(w == 2, 0, w + 1)
                    let jump = rng.below(4)
                    let target = names[rng.below(steps)]
                    let last = n == steps - 1
                    decls.append(Step(names[n], await: guardExpr) {
                        w <- value
                        if jump == 0 {
                            Goto(target)
                        } else if last && jump == 1 {
                            Terminate()
                        } else if last {
                            Goto(names[0])
                        }
                    })
                }
                let fairness: Fairness = rng.chance(50) ? .weak : .none
                items.append(.process(Process(kind, instances: instances, fairness: fairness) {
                    for d in decls { d }
                }))
            }
            let la = labels["a"]!, lb = labels["b"]!
            let p1 = la[rng.below(la.count)], q1 = lb[rng.below(lb.count)]
            let c1 = Expr.int(Int64(rng.below(3)))
            let p2 = la[rng.below(la.count)], q2 = la[rng.below(la.count)]
            items.append(.liveness(Liveness("f") { Eventually(g[0] == c1 || .at(kind: "b", instance: 0, label: q1)) }))
            items.append(.liveness(Liveness("gf", forAll: "a") { a in Always(Eventually(a.at(p1))) }))
            items.append(.liveness(Liveness("leads", forAll: "a") { a in LeadsTo(a.at(p2), a.at(q2)) }))
            return items
        }
        return ProtocolModel("cyclic-\(seed)", summary: "random cyclic protocol", body: body)
    }
}

/// Whether a fair execution violates a formula, by fixpoints over the explicit state graph:
/// fair `EG S` is the greatest Z inside S where each state is terminal (it stutters) or has a
/// successor in Z from which, within Z, every weakly fair instance reaches a state where it is
/// disabled or takes a step into Z (Emerson and Lei's generalized Büchi fixpoint).
struct FairEGOracle {
    let interp: Interpreter
    let program: Program
    var states: [[UInt64]] = []
    var index: [[UInt64]: Int] = [:]
    var succ: [[(to: Int, by: Int)]] = []
    var initial: [Int] = []

    init(program: Program) {
        self.program = program
        interp = Interpreter(layout: StateLayout(program))
        var queue: [Int] = []
        func add(_ s: [UInt64]) -> Int {
            if let n = index[s] { return n }
            index[s] = states.count
            states.append(s)
            succ.append([])
            queue.append(states.count - 1)
            return states.count - 1
        }
        for s in interp.initialStates() { initial.append(add(s)) }
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            for i in program.instances.indices where interp.enabled(states[n], i) {
                for out in interp.execute(states[n], i) { succ[n].append((add(out.state), i)) }
            }
        }
    }

    func holds(_ e: TExpr) -> [Bool] {
        states.map { s in
            var err: ErrorCode?
            return interp.eval(e, s, nil, &err) != 0
        }
    }

    /// Fair EG of `inside`.
    func fairEG(_ inside: [Bool]) -> [Bool] {
        let fair = program.instances.indices.filter { program.kinds[program.instances[$0].kind].fairness == .weak }
        var z = inside
        while true {
            var next = z
            let goals = fair.map { i in
                states.indices.map { t in
                    z[t] && (!interp.enabled(states[t], i) || succ[t].contains { $0.by == i && z[$0.to] })
                }
            }
            // E[Z U goal_i], then EX of it, per fair instance.
            let reach = goals.map { goal -> [Bool] in
                var r = goal
                var changed = true
                while changed {
                    changed = false
                    for s in states.indices where z[s] && !r[s] && succ[s].contains(where: { r[$0.to] }) {
                        r[s] = true
                        changed = true
                    }
                }
                return r
            }
            for s in states.indices where z[s] {
                let terminal = succ[s].isEmpty
                let keep = terminal || (succ[s].contains { z[$0.to] }
                    && reach.allSatisfy { r in succ[s].contains { z[$0.to] && r[$0.to] } || (fair.isEmpty) })
                if !keep { next[s] = false }
            }
            if next == z { return z }
            z = next
        }
    }

    func violated(_ f: LivenessFormula) -> Bool {
        switch f {
        case .eventually(let p):
            let eg = fairEG(holds(p).map { !$0 })
            return initial.contains { eg[$0] }
        case .infinitelyOften(let p):
            return fairEG(holds(p).map { !$0 }).contains(true)
        case .leadsTo(let p, let q):
            let notQ = holds(q).map { !$0 }
            let eg = fairEG(notQ)
            return zip(holds(p), eg).contains { $0 && $1 }
        }
    }
}
