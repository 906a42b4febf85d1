import Interleaving
import Foundation
import Synchronization

/// Parameters of a real-thread stress run (no scheduler).
public struct KVMStressConfiguration: Sendable {
    /// The protocol variant.
    public var variant: ProtocolVariant
    /// vCPU threads faulting and accessing guest memory.
    public var vcpus: Int
    /// Guest RAM pages.
    public var guestPages: UInt64
    /// Wall-clock duration in seconds.
    public var duration: Double
    /// Run a thread toggling the APICv inhibit, pausing a seeded random 0-255 µs after each toggle
    /// (often not at all), so inhibits also land while a fault on the APIC page is in flight.
    public var inhibitThread: Bool
    /// Threads replacing host pages (MMU-notifier invalidations); two or more nest their
    /// start..end windows.
    public var invalidators: Int
    /// Run a thread zapping the whole last-level table of guest RAM, `kvm_zap_gfn_range(0, 512)`
    /// (as a guest MTRR or CR0.CD change does), which frees page-table pages, so faults link new
    /// ones for the whole run rather than only during warm-up.
    public var zapThread: Bool
    /// Run a thread doing a memslot update's fast zap (`kvm_mmu_zap_all_fast`) every 2 ms: it
    /// invalidates and zaps the root, then, under mmu_lock for write, checks that the
    /// invalidated root stayed empty and lets the vCPUs reload (KVMMMU reuses its one table).
    public var rootUpdater: Bool
    /// Delay threads at random schedule points (`ScheduleJitter`, seeded with `seed`).
    public var jitter: Bool
    /// Seed of the threads' pseudo-random choices.
    public var seed: UInt64
    /// What the notifier records and the fault compares (`.gfn`: v6.8's gfn-based invalidation).
    public var notifierRange: NotifierRange
    /// The memslots over the guest pages (nil: one memslot over all of them).
    public var memslots: [Memslot]?
    /// Host pages per invalidation (each invalidator replaces `[lo, lo + n)`, clipped to the guest pages).
    public var invalidationPages: UInt64

    /// Creates a configuration.
    public init(variant: ProtocolVariant = ProtocolVariant(), vcpus: Int = 3, guestPages: UInt64 = 64,
                duration: Double = 1, inhibitThread: Bool = true, invalidators: Int = 1, zapThread: Bool = true,
                rootUpdater: Bool = true, jitter: Bool = false, seed: UInt64 = 1, notifierRange: NotifierRange = .hva,
                memslots: [Memslot]? = nil, invalidationPages: UInt64 = 1) {
        self.variant = variant
        self.notifierRange = notifierRange
        self.memslots = memslots
        self.invalidationPages = invalidationPages
        self.vcpus = vcpus
        self.guestPages = guestPages
        self.duration = duration
        self.inhibitThread = inhibitThread
        self.invalidators = invalidators
        self.zapThread = zapThread
        self.rootUpdater = rootUpdater
        self.jitter = jitter
        self.seed = seed
    }
}

/// What a stress run did and found.
public struct KVMStressReport: Sendable {
    /// Guest accesses completed.
    public let accesses: Int
    /// Page faults handled.
    public let faults: Int
    /// Emulated APIC accesses.
    public let emulatedAPICAccesses: Int
    /// APICv inhibit/uninhibit toggles.
    public let inhibitToggles: Int
    /// Host page replacements (each one an invalidate_range_start/end pair).
    public let invalidations: Int
    /// `kvm_zap_gfn_range` calls of the zap thread.
    public let zaps: Int
    /// `kvm_mmu_zap_all_fast` calls of the root updater.
    public let rootUpdates: Int
    /// Invariant checks performed (under the locks) while the threads ran.
    public let invariantChecks: Int
    /// Invariant violations and recorded violation events.
    public let violations: [String]
}

/// Runs real threads against one VM with no scheduler: vCPUs doing guest accesses (faulting
/// on misses), an APICv inhibit toggler, host-page invalidators, a thread zapping guest RAM, a
/// root updater (`kvm_mmu_zap_all_fast`), and a checker that takes `apicv_update_lock` +
/// mmu_lock (write) and evaluates every invariant.
///
/// The vCPU threads are kicked out of guest mode by `KVM_REQ_APICV_UPDATE` and block on
/// `apicv_update_lock` (b0a1637f64b0) only when the variant has `apicv_request`, which no
/// preset has; see `KVM.guestAccess`.
public enum KVMStress {
    /// Runs the stress test and returns its report.
    public static func run(_ configuration: KVMStressConfiguration) -> KVMStressReport {
        let kvm = KVM(KVMConfiguration(vcpus: configuration.vcpus, variant: configuration.variant,
                                       guestPages: configuration.guestPages, physicalFrames: 8192,
                                       jitter: configuration.jitter ? ScheduleJitter(seed: configuration.seed) : nil,
                                       guestMemslots: configuration.memslots, notifierRange: configuration.notifierRange))
        let stop = Atomic<Bool>(false)
        let accesses = Atomic<Int>(0)
        let toggles = Atomic<Int>(0)
        let invalidations = Atomic<Int>(0)
        let zaps = Atomic<Int>(0)
        let rootUpdates = Atomic<Int>(0)
        let checks = Atomic<Int>(0)
        let found = PosixMutex<[String]>([])
        let group = DispatchGroup()

        func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
            group.enter()
            let thread = Thread {
                body()
                group.leave()
            }
            thread.name = name
            thread.start()
        }

        let pages = configuration.guestPages
        // The guest's gfns, in hva order (with one memslot: 0 ..< pages).
        let guestGFNs = kvm.memslots.filter { !$0.isAPICAccess }.sorted { $0.userspaceAddress < $1.userspaceAddress }
            .flatMap { Array($0.gfns) }
        let invalidationPages = configuration.invalidationPages
        for vcpu in 0..<configuration.vcpus {
            let seed = configuration.seed &* 0x9e37_79b9_7f4a_7c15 &+ UInt64(vcpu)
            spawn("vcpu[\(vcpu)]") {
                var rng = SplitMix64(seed: seed)
                var count = 0
                while !stop.load(ordering: .relaxed) {
                    let choice = rng.next()
                    let gfn = choice % 8 == 0 ? KVM.apicAccessGFN : guestGFNs[Int((choice >> 8) % UInt64(guestGFNs.count))]
                    _ = kvm.guestAccess(vcpu: vcpu, gfn: gfn, write: choice & 1 == 0 ? choice : nil)
                    count += 1
                }
                accesses.add(count, ordering: .relaxed)
            }
        }
        if configuration.inhibitThread {
            let seed = configuration.seed &+ 0x1417
            spawn("inhibit[0]") {
                var rng = SplitMix64(seed: seed)
                var inhibited = false
                while !stop.load(ordering: .relaxed) {
                    inhibited.toggle()
                    kvm.requestAPICvUpdate(activate: !inhibited, reason: .hyperV)
                    toggles.add(1, ordering: .relaxed)
                    let pause = rng.next() % 256
                    if pause >= 128 { usleep(UInt32(pause)) }
                }
            }
        }
        for index in 0..<configuration.invalidators {
            let seed = configuration.seed &+ 0x5151 &+ UInt64(index) &* 0x1_0000
            spawn("invalidator[\(index)]") {
                var rng = SplitMix64(seed: seed)
                while !stop.load(ordering: .relaxed) {
                    let lo = rng.next() % pages
                    if invalidationPages > 1 {
                        kvm.host.replacePages(lo..<min(lo + invalidationPages, pages))
                    } else {
                        kvm.host.replacePage(lo)
                    }
                    invalidations.add(1, ordering: .relaxed)
                    let pause = rng.next() % 128
                    if pause >= 64 { usleep(UInt32(pause)) }
                }
            }
        }
        if configuration.zapThread {
            spawn("zap[0]") {
                while !stop.load(ordering: .relaxed) {
                    kvm.zapGFNRange(0..<GFN(TDPPageTable.entriesPerTable))
                    zaps.add(1, ordering: .relaxed)
                    usleep(500)
                }
            }
        }
        if configuration.rootUpdater {
            spawn("updater[0]") {
                while !stop.load(ordering: .relaxed) {
                    kvm.zapAllFast()
                    kvm.mmuLock.lock(.exclusive, at: nil)
                    let stale = kvm.violation(of: .invalidatedRootEmpty)
                    kvm.roots.reload()
                    kvm.mmuLock.unlock(.exclusive)
                    if let stale { found.withLock { $0.append("\(KVMInvariant.invalidatedRootEmpty.rawValue): \(stale)") } }
                    rootUpdates.add(1, ordering: .relaxed)
                    usleep(2000)
                }
            }
        }
        spawn("checker") {
            while !stop.load(ordering: .relaxed) {
                let violations = kvm.checkInvariantsLocked()
                checks.add(1, ordering: .relaxed)
                if !violations.isEmpty { found.withLock { $0 += violations } }
                usleep(2000)
            }
        }

        usleep(UInt32(configuration.duration * 1_000_000))
        stop.store(true, ordering: .relaxed)
        group.wait()

        var violations = found.withLock { $0 } + kvm.checkInvariantsLocked()
        violations += kvm.events.recordedViolations.map(\.description)
        return KVMStressReport(accesses: accesses.load(ordering: .relaxed),
                               faults: kvm.vcpus.reduce(0) { $0 + $1.faults },
                               emulatedAPICAccesses: kvm.events.emulatedAPICAccesses,
                               inhibitToggles: toggles.load(ordering: .relaxed),
                               invalidations: invalidations.load(ordering: .relaxed),
                               zaps: zaps.load(ordering: .relaxed),
                               rootUpdates: rootUpdates.load(ordering: .relaxed),
                               invariantChecks: checks.load(ordering: .relaxed) + 1,
                               violations: violations)
    }
}

/// A small deterministic PRNG (SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Seeds the generator.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
