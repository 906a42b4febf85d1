import Foundation
import Synchronization

/// Seeded random delays at KVMMMU's schedule points for stress runs with no scheduler: at a
/// point, a thread spins for up to 2 µs (one point in four) or gives up its CPU (one in 64),
/// widening the windows between a path's steps the way preemption and interrupts do on a real
/// host. Replays never use it (a running scheduler takes precedence).
public final class ScheduleJitter: Sendable {
    private let state: Atomic<UInt64>

    /// A jitter source seeded with `seed`.
    public init(seed: UInt64) { state = Atomic(seed) }

    /// Maybe delays the calling thread.
    public func perturb() {
        var z = state.wrappingAdd(0x9e37_79b9_7f4a_7c15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        switch z & 63 {
        case 0:
            sched_yield()
        case 1..<16:
            let nanoseconds = (z >> 8) % 2000
            let start = DispatchTime.now().uptimeNanoseconds
            while DispatchTime.now().uptimeNanoseconds &- start < nanoseconds {}
        default:
            break
        }
    }
}
