import Foundation
import ProtocolDSL

/// For every label of every process kind (and termination, `done`): whether some instance of
/// the kind reaches it, and at which depth first. One reachability query per label, so the
/// answers come from the ordinary engines.
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
        var targets: [(kind: Int, step: Int, label: String)] = []
        for (k, kind) in program.kinds.enumerated() {
            for (s, step) in kind.steps.enumerated() { targets.append((k, s, step.label)) }
            targets.append((k, kind.steps.count, "done"))
        }
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
