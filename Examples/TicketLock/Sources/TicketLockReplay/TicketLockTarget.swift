import Interleaving
import ReplayTesting
import Synchronization
import TicketLock

/// The ticket lock as the replay target of `ticket-lock`: `thread[i]` locks, runs a critical
/// section that counts who is inside (`cs.enter`, `cs.exit`), and unlocks.
public struct TicketLockTarget: ReplayTarget {
    /// The target, on `TicketLock`.
    public static let shared = TicketLockTarget()

    /// Builds the lock the threads take, for a `take` mode and a schedule-point hub.
    public let makeLock: @Sendable (TicketLock.Take, SchedulePoints) -> any TicketLocking

    /// Creates the target over the locks `makeLock` builds (default: `TicketLock`).
    public init(makeLock: @escaping @Sendable (TicketLock.Take, SchedulePoints) -> any TicketLocking = {
        TicketLock(take: $0, points: $1)
    }) {
        self.makeLock = makeLock
    }

    public var model: String { "ticket-lock" }

    /// Who is in the critical section, counted by the threads themselves.
    final class CriticalSection: Sendable {
        let inside = Atomic<Int>(0)
        let mostInside = Atomic<Int>(0)
    }

    public func prepare(_ configuration: ReplayConfiguration) throws -> ReplayRun {
        guard let take = TicketLock.Take(rawValue: configuration.flags["take"] ?? "") else {
            throw ReplayConfigurationError("ticket-lock: flag take must be fetch-add or load-store, not "
                                           + "'\(configuration.flags["take"] ?? "")'")
        }
        let points = SchedulePoints()
        let lock = makeLock(take, points)
        let section = CriticalSection()
        let threads = (0..<configuration.parameter("threads", default: 2)).map { i in
            let name = "thread[\(i)]"
            return ManagedThread(name: name, labels: configuration.labels(ofThread: name)) {
                lock.lock()
                points.reach("cs.enter")
                let now = section.inside.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
                section.mostInside.max(now, ordering: .acquiringAndReleasing)
                points.reach("cs.exit")
                section.inside.wrappingSubtract(1, ordering: .acquiringAndReleasing)
                lock.unlock()
            }
        }
        return ReplayRun(
            points: points, threads: threads,
            violation: {
                let n = section.inside.load(ordering: .acquiring)
                return n <= 1 ? nil : "\(n) threads are inside the critical section"
            },
            damage: ReplayDamage("two threads hold the lock at once") {
                section.inside.load(ordering: .acquiring) >= 2
            })
    }
}
