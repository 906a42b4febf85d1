import Foundation

/// A bound on the process's resident memory: the explicit engines and the invisible prover stop
/// at it and answer unknown, before the kernel's out-of-memory killer would stop the process.
public struct MemoryBudget: Sendable, Equatable {
    /// The bound in megabytes (2^20 bytes).
    public let megabytes: Int

    /// Creates a budget of `megabytes` (at least 1).
    public init(megabytes: Int) { self.megabytes = max(1, megabytes) }

    /// The bound in bytes (saturating).
    public var bytes: Int {
        let (b, overflow) = megabytes.multipliedReportingOverflow(by: 1 << 20)
        return overflow ? Int.max : b
    }

    /// The default: 8192 MB, or half of the machine's physical memory when that is less.
    public static var standard: MemoryBudget {
        let physicalMB = Int(clamping: ProcessInfo.processInfo.physicalMemory >> 20)
        return MemoryBudget(megabytes: min(8192, max(1, physicalMB / 2)))
    }

    /// The process's resident set size in bytes, read from `/proc/self/statm`; nil where that
    /// file does not exist (then the engines estimate from the states they store).
    public static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .ascii) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The memory in use: the resident size when the system reports it, else `estimate`.
    static func inUse(estimate: Int) -> Int { residentBytes() ?? estimate }
}
