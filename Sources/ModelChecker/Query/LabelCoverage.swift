import Foundation
import ProtocolDSL

/// For every label of every process kind (and termination, `done`): whether some instance of
/// the kind reaches it, and at which depth first.
///
/// The explicit engine answers every label in one breadth-first pass (an execution ends at a
/// step that raises an error; a false invariant does not end it); `auto` does so while the
/// state space fits, else, like `bmc`, asks one reachability query per label.
public struct LabelCoverage: Sendable {
    /// One row of the coverage table.
    public struct Entry: Sendable, Equatable {
        /// The process kind.
        public let kind: String
        /// The label, or `done` for termination.
        public let label: String
        /// The number of steps of a shortest execution reaching it, or nil when unreachable.
        public let firstDepth: Int?
        /// For an unreachable label: true when the search was complete (unreachable in every execution).
        public let complete: Bool
        /// True when the engine could not decide (timeout, solver unknown or a violation first).
        public let unknown: Bool
    }

    /// The program.
    public let program: Program

    /// Creates a coverage computation for `program`.
    public init(program: Program) { self.program = program }

    /// The coverage table, kinds and labels in program order; `progress` gives the handler of
    /// each label's query (`vcpu@fault.map`).
    ///
    /// All queries share `timeout` (each gets the time left); each has `memoryLimit`.
    public func run(engine: Engine, maxDepth: Int, timeout: Double? = nil, memoryLimit: MemoryBudget? = .standard,
                    notice: NoticeHandler? = nil,
                    progress: ((_ label: String) -> ProgressHandler?)? = nil) throws -> [Entry] {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        if engine == .explicit || engine == .auto {
            let pass = onePass(maxDepth: maxDepth, deadline: deadline, memoryLimit: memoryLimit,
                               stateLimit: engine == .auto ? Engine.autoStateLimit : nil)
            if let entries = pass.entries { return entries }
            if engine == .explicit { return pass.undecided }
            notice?("coverage: explicit search: \(pass.reason); bmc takes over")
            return try perLabel(engine: .bmc, maxDepth: maxDepth, deadline: deadline, memoryLimit: memoryLimit,
                                notice: notice, progress: progress)
        }
        return try perLabel(engine: engine, maxDepth: maxDepth, deadline: deadline, memoryLimit: memoryLimit,
                            notice: notice, progress: progress)
    }

    /// Every (kind, step) of the program, `done` as step `steps.count`, in program order.
    var targets: [(kind: Int, step: Int, label: String)] {
        var targets: [(kind: Int, step: Int, label: String)] = []
        for (k, kind) in program.kinds.enumerated() {
            for (s, step) in kind.steps.enumerated() { targets.append((k, s, step.label)) }
            targets.append((k, kind.steps.count, "done"))
        }
        return targets
    }

    /// One breadth-first pass recording the first depth of every location: the entries, or
    /// (when a limit stopped it) the reason and every location marked undecided.
    func onePass(maxDepth: Int, deadline: Date?, memoryLimit: MemoryBudget?, stateLimit: Int?)
        -> (entries: [Entry]?, undecided: [Entry], reason: String) {
        let layout = StateLayout(program)
        let interp = Interpreter(layout: layout)
        let limits = SearchLimits(deadline: deadline, memory: memoryLimit, layout: layout)
        let undecided = targets.map { t in
            Entry(kind: program.kinds[t.kind].name, label: t.label, firstDepth: nil, complete: false, unknown: true)
        }
        if let why = interp.enumerationObstacle(capacity: min(stateLimit ?? Int.max, limits.stateCapacity)) {
            return (nil, undecided, why)
        }
        var first: [Int: [Int: Int]] = [:]  // kind -> step -> first depth
        var complete = true
        let search = BreadthFirstSearch(interpreter: interp, limits: limits)
        do {
            try search.run(maxDepth: maxDepth, stateLimit: stateLimit, visit: { v in
                // A step that raised an error ended its execution there: nothing after it is reached.
                guard v.error == nil else { return false }
                for i in program.instances.indices {
                    let k = program.instances[i].kind, step = interp.pc(v.state, i)
                    if first[k]?[step] == nil { first[k, default: [:]][step] = v.depth }
                }
                return true
            }, layerDone: { layer in
                if layer.depth == maxDepth && layer.unexplored { complete = false }
                return true
            })
        } catch BreadthFirstSearch.Stop.limit(let stop) {
            return (nil, undecided, SearchLimits.reason(stop, budget: memoryLimit))
        } catch BreadthFirstSearch.Stop.stateLimit(let n) {
            return (nil, undecided, "more than \(n) states")
        } catch {
            return (nil, undecided, "\(error)")
        }
        return (targets.map { t in
            let depth = first[t.kind]?[t.step]
            return Entry(kind: program.kinds[t.kind].name, label: t.label, firstDepth: depth,
                         complete: depth == nil && complete, unknown: false)
        }, undecided, "")
    }

    /// One reachability query per location.
    func perLabel(engine: Engine, maxDepth: Int, deadline: Date?, memoryLimit: MemoryBudget?, notice: NoticeHandler?,
                  progress: ((_ label: String) -> ProgressHandler?)?) throws -> [Entry] {
        var entries: [Entry] = []
        for target in targets {
            let kind = program.kinds[target.kind]
            let atLabel = (0..<kind.instances).map { TExpr.pcIs(instance: kind.firstInstance + $0, step: target.step) }
            let condition = atLabel.dropFirst().reduce(atLabel[0]) {
                .binary(.or, $0, $1, operand: .bool, result: .bool)
            }
            let left = deadline.map { max($0.timeIntervalSinceNow, 0.001) }
            let (answer, _) = try ReachabilityQuery(program: program, condition: condition)
                .run(engine: engine, maxDepth: maxDepth, timeout: left, memoryLimit: memoryLimit, notice: notice,
                     progress: progress?("\(kind.name)@\(target.label)"))
            switch answer {
            case .reachable(let t):
                entries.append(Entry(kind: kind.name, label: target.label, firstDepth: t.steps.count, complete: false,
                                     unknown: false))
            case .unreachable(_, let complete):
                entries.append(Entry(kind: kind.name, label: target.label, firstDepth: nil, complete: complete,
                                     unknown: false))
            case .blocked, .unknown:
                entries.append(Entry(kind: kind.name, label: target.label, firstDepth: nil, complete: false,
                                     unknown: true))
            }
        }
        return entries
    }
}
