import Interleaving
import Synchronization

/// A vCPU's TLB: a 64-entry direct-mapped cache of gfn -> leaf SPTE.
///
/// The guest's hardware walk, the fill and the memory access happen with the TLB's mutex held,
/// and a remote flush takes the same mutex, so once `flush()` returns no access uses a
/// translation cached before it. This stands in for the kernel's synchronous remote TLB flush
/// (`kvm_flush_remote_tlbs`: request + IPI + wait for the vCPUs to leave guest mode).
public final class TLB: Sendable {
    /// Number of entries.
    public static let entries = 64

    struct State {
        var tags: [UInt64] = Array(repeating: 0, count: TLB.entries)
        var sptes: [SPTE] = Array(repeating: .empty, count: TLB.entries)

        func lookup(_ gfn: GFN) -> SPTE? {
            let index = Int(gfn % UInt64(TLB.entries))
            return tags[index] == gfn &+ 1 ? sptes[index] : nil
        }

        mutating func fill(_ gfn: GFN, _ spte: SPTE) {
            let index = Int(gfn % UInt64(TLB.entries))
            tags[index] = gfn &+ 1
            sptes[index] = spte
        }
    }

    private let state = PosixMutex(State())
    private let flushCount = Atomic<Int>(0)

    /// Creates an empty TLB.
    public init() {}

    func withLock<R>(_ body: (inout State) -> R) -> R {
        state.withLock { body(&$0) }
    }

    /// Invalidates every entry.
    public func flush() {
        state.withLock { s in
            for index in 0..<TLB.entries { s.tags[index] = 0 }
        }
        flushCount.add(1, ordering: .relaxed)
    }

    /// The cached SPTE for `gfn`, if any.
    public func cached(_ gfn: GFN) -> SPTE? { state.withLock { $0.lookup(gfn) } }

    /// Number of flushes so far.
    public var flushes: Int { flushCount.load(ordering: .relaxed) }
}
