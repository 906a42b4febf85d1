import Interleaving
import Synchronization

/// A lock that threads take and release, with the schedule points of `ticket-lock`.
public protocol TicketLocking: Sendable {
    /// Takes the lock.
    func lock()
    /// Releases the lock.
    func unlock()
}

/// A ticket spinlock over real atomics, with a schedule point before each step of the model
/// `ticket-lock` (labels `lock.take` or `lock.load`/`lock.store`, `lock.wait`, `unlock`).
///
/// With no scheduler running, the points cost one relaxed load each and the lock is an
/// ordinary spinlock.
public final class TicketLock: TicketLocking {
    /// How a thread takes its ticket.
    public enum Take: String, Sendable {
        /// One atomic fetch-and-add (correct).
        case fetchAdd = "fetch-add"
        /// A load, then a separate store of the value plus one (racy).
        case loadStore = "load-store"
    }

    /// The next ticket to hand out.
    let nextTicket = Atomic<UInt8>(0)
    /// The ticket allowed in.
    let nowServing = Atomic<UInt8>(0)
    /// How tickets are taken.
    public let take: Take
    /// The hub the schedule points report to.
    public let points: SchedulePoints

    /// Creates an unlocked lock.
    public init(take: Take = .fetchAdd, points: SchedulePoints = .shared) {
        self.take = take
        self.points = points
    }

    /// Takes a ticket and spins until it is served.
    public func lock() { _ = lockReturningTicket() }

    /// Takes a ticket and spins until it is served; returns the ticket.
    @discardableResult
    public func lockReturningTicket() -> UInt8 {
        let ticket: UInt8
        switch take {
        case .fetchAdd:
            points.reach("lock.take")
            ticket = nextTicket.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue
        case .loadStore:
            points.reach("lock.load")
            let seen = nextTicket.load(ordering: .acquiring)
            points.reach("lock.store")
            nextTicket.store(seen &+ 1, ordering: .releasing)
            ticket = seen
        }
        // The model's guard `now_serving == ticket`; the spin below is the step's own waiting.
        points.reach("lock.wait", enabledWhen: { self.nowServing.load(ordering: .acquiring) == ticket })
        while nowServing.load(ordering: .acquiring) != ticket {}
        return ticket
    }

    /// Serves the next ticket.
    public func unlock() {
        points.reach("unlock")
        nowServing.wrappingAdd(1, ordering: .releasing)
    }

    /// The ticket being served now (for checks on a quiescent lock).
    public var serving: UInt8 { nowServing.load(ordering: .acquiring) }
}
