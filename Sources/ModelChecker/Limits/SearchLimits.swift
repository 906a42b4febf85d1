import Foundation

/// The deadline and memory budget of one search, read every `interval` successors, so that a
/// long breadth-first layer cannot run past either.
struct SearchLimits {
    /// Why a search stopped early.
    enum Stop: Equatable {
        /// The deadline passed.
        case timeout
        /// The memory in use passed the budget with `states` stored.
        case memory(states: Int)
    }

    /// How many successors are generated between two readings of the clock and of the memory.
    static let interval = 2048

    /// The deadline, or nil for none.
    let deadline: Date?
    /// The budget, or nil for none.
    let memory: MemoryBudget?
    /// The estimated bytes of one stored state (`StateStore.bytesPerState`), for the estimate
    /// where the resident size is unknown.
    let bytesPerState: Int
    private var ticks = 0

    /// Limits of a search of states of `layout` (`compacted`: stored as signatures).
    init(deadline: Date?, memory: MemoryBudget?, layout: StateLayout, compacted: Bool = false) {
        self.deadline = deadline
        self.memory = memory
        bytesPerState = StateStore.bytesPerState(layout, compacted: compacted)
    }

    /// Counts one generated successor; every `interval` of them, reads the limits.
    mutating func tick(stored: Int) -> Stop? {
        ticks += 1
        guard ticks >= Self.interval else { return nil }
        ticks = 0
        return check(stored: stored)
    }

    /// Reads the clock and the memory in use now.
    func check(stored: Int) -> Stop? {
        if let d = deadline, Date() >= d { return .timeout }
        if let m = memory {
            let (estimate, overflow) = stored.multipliedReportingOverflow(by: bytesPerState)
            if MemoryBudget.inUse(estimate: overflow ? Int.max : estimate) > m.bytes { return .memory(states: stored) }
        }
        return nil
    }

    /// The most states that fit in the budget by the estimate; without a budget, in the
    /// machine's physical memory (more could only end in a failed allocation).
    var stateCapacity: Int {
        (memory?.bytes ?? Int(clamping: ProcessInfo.processInfo.physicalMemory)) / bytesPerState
    }

    /// Frees `storage` (a search's states) on a background queue, a second from now, instead of
    /// on the caller's clock: freeing millions of stored states takes seconds (3 s for 3.6 GB),
    /// which a search that stops at its deadline, or hands over to BMC, must not spend. The
    /// caller's own references are gone by then; a process that exits first frees nothing.
    static func retire<T: Sendable>(_ storage: T) {
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + 1) { withExtendedLifetime(storage) {} }
    }

    /// The reason an unknown answer gives for `stop`.
    static func reason(_ stop: Stop, budget: MemoryBudget?) -> String {
        switch stop {
        case .timeout: return "timeout"
        case .memory(let n): return "out of memory budget (\(budget?.megabytes ?? 0) MB) after \(n) states"
        }
    }
}
