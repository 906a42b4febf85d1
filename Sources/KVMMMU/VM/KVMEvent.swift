import Interleaving
import Synchronization

/// Something noteworthy that happened in the VM, recorded for tests.
public enum KVMEvent: Sendable, Hashable, CustomStringConvertible {
    /// A guest access reached frame `pfn` through the SPTE of `gfn` while the frame was free.
    case useAfterFree(vcpu: Int, gfn: GFN, pfn: PFN)
    /// A walk reached a non-page-table frame through a non-leaf SPTE.
    case tableUseAfterFree(vcpu: Int, gfn: GFN, pfn: PFN)
    /// A guest access to the APIC access page while APICv was inactive was emulated (correct).
    case apicAccessEmulated(vcpu: Int)
    /// A guest access to the APIC access page after an inhibit completed went straight to the
    /// page through a stale SPTE: not intercepted (the bug of the seed race).
    case apicAccessNotIntercepted(vcpu: Int)

    public var description: String {
        switch self {
        case .useAfterFree(let vcpu, let gfn, let pfn): return "use-after-free: vcpu \(vcpu) gfn \(gfn) -> freed pfn \(pfn)"
        case .tableUseAfterFree(let vcpu, let gfn, let pfn): return "table use-after-free: vcpu \(vcpu) gfn \(gfn) via pfn \(pfn)"
        case .apicAccessEmulated(let vcpu): return "APIC access emulated (vcpu \(vcpu))"
        case .apicAccessNotIntercepted(let vcpu): return "APIC access NOT intercepted (vcpu \(vcpu))"
        }
    }

    /// True for events that indicate a protocol violation.
    public var isViolation: Bool {
        switch self {
        case .useAfterFree, .tableUseAfterFree, .apicAccessNotIntercepted: return true
        case .apicAccessEmulated: return false
        }
    }
}

/// A thread-safe log of `KVMEvent`s (violations are always kept; others are counted).
public final class KVMEventLog: Sendable {
    private let violations = PosixMutex<[KVMEvent]>([])
    private let emulatedCount = Atomic<Int>(0)

    /// Creates an empty log.
    public init() {}

    /// Records `event`.
    public func record(_ event: KVMEvent) {
        if event.isViolation {
            violations.withLock { $0.append(event) }
        } else {
            emulatedCount.add(1, ordering: .relaxed)
        }
    }

    /// The recorded violations.
    public var recordedViolations: [KVMEvent] { violations.withLock { $0 } }
    /// Number of emulated APIC accesses.
    public var emulatedAPICAccesses: Int { emulatedCount.load(ordering: .relaxed) }
}
