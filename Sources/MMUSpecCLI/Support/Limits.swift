import ArgumentParser
import Foundation
import ModelChecker

/// The limits shared by the searching commands (check, prove, query, explain): a wall-clock
/// budget and a memory budget. Running out of either answers unknown (exit 3).
struct Limits: ParsableArguments {
    @Option(parsing: .unconditional, help: "Give up after this many seconds (exit 3).")
    var timeout: Double?

    @Option(name: .customLong("memory-limit"), parsing: .unconditional, help: ArgumentHelp("""
        Stop the explicit search (or hand over to bmc under auto) when the process's resident \
        memory passes this many MB (exit 3 when no engine is left). Default: \
        \(MemoryBudget.standard.megabytes) (8192, or half of the physical memory when that is less).
        """, valueName: "MB"))
    var memoryLimit: Int?

    /// The largest budget accepted (1 TB).
    static let maxMemoryLimit = 1 << 20

    func validate() throws {
        if let t = timeout, !(t > 0) || !t.isFinite {
            throw Failure.usage("--timeout must be a positive number of seconds, not \(t)")
        }
        if let m = memoryLimit, !(1...Self.maxMemoryLimit).contains(m) {
            throw Failure.usage("--memory-limit must be in 1...\(Self.maxMemoryLimit) MB, not \(m)")
        }
    }

    /// The memory budget: `--memory-limit`, or the default.
    var memory: MemoryBudget { memoryLimit.map { MemoryBudget(megabytes: $0) } ?? .standard }

    /// When the run must end, counted from now (call once, at the start of the run).
    func deadline() -> Date? { timeout.map { Date().addingTimeInterval($0) } }

    /// The seconds left before `deadline` (nil: no timeout).
    static func left(_ deadline: Date?) -> Double? { deadline.map { $0.timeIntervalSinceNow } }

    /// Prints a handover notice on stderr (which engine took over, and why).
    static let notice: NoticeHandler = { line in
        FileHandle.standardError.write(Data("note: \(line)\n".utf8))
    }
}
