import Foundation

/// Runs independent jobs of a test (SPIN and CLI processes) two at a time, so a suite that mostly
/// waits for child processes uses both cores of the CI machine.
enum ParallelJobs {
    /// How many jobs run at once.
    static let workers = 2

    /// `work` applied to each of `items`, `workers` at a time; the results (or the errors thrown)
    /// in the order of `items`.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ work: @escaping @Sendable (T) throws -> R) -> [Result<R, Error>] {
        let results = Results<R>(count: items.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = workers
        for (i, item) in items.enumerated() {
            queue.addOperation { results.set(i, Result { try work(item) }) }
        }
        queue.waitUntilAllOperationsAreFinished()
        return results.all
    }

    /// The slots the jobs write, one each, behind a lock.
    private final class Results<R: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<R, Error>?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ i: Int, _ r: Result<R, Error>) {
            lock.lock()
            slots[i] = r
            lock.unlock()
        }

        var all: [Result<R, Error>] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }
}
