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
    /// Run a thread toggling the APICv inhibit.
    public var inhibitThread: Bool
    /// Run a thread replacing host pages (MMU-notifier invalidations).
    public var invalidatorThread: Bool
    /// Seed of the threads' pseudo-random choices.
    public var seed: UInt64

    /// Creates a configuration.
    public init(variant: ProtocolVariant = ProtocolVariant(), vcpus: Int = 3, guestPages: UInt64 = 64,
                duration: Double = 1, inhibitThread: Bool = true, invalidatorThread: Bool = true, seed: UInt64 = 1) {
        self.variant = variant
        self.vcpus = vcpus
        self.guestPages = guestPages
        self.duration = duration
        self.inhibitThread = inhibitThread
        self.invalidatorThread = invalidatorThread
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
    /// Invariant checks performed (under the locks) while the threads ran.
    public let invariantChecks: Int
    /// Invariant violations and recorded violation events.
    public let violations: [String]
}

/// Runs real threads against one VM with no scheduler: vCPUs doing guest accesses (faulting
/// on misses), an APICv inhibit toggler, a host-page invalidator, and a checker that takes
/// `apicv_update_lock` + mmu_lock (write) and evaluates every invariant.
public enum KVMStress {
    /// Runs the stress test and returns its report.
    public static func run(_ configuration: KVMStressConfiguration) -> KVMStressReport {
        let kvm = KVM(KVMConfiguration(vcpus: configuration.vcpus, variant: configuration.variant,
                                       guestPages: configuration.guestPages, physicalFrames: 8192))
        let stop = Atomic<Bool>(false)
        let accesses = Atomic<Int>(0)
        let toggles = Atomic<Int>(0)
        let invalidations = Atomic<Int>(0)
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
        for vcpu in 0..<configuration.vcpus {
            let seed = configuration.seed &* 0x9e37_79b9_7f4a_7c15 &+ UInt64(vcpu)
            spawn("vcpu[\(vcpu)]") {
                var rng = SplitMix64(seed: seed)
                var count = 0
                while !stop.load(ordering: .relaxed) {
                    let choice = rng.next()
                    let gfn = choice % 8 == 0 ? KVM.apicAccessGFN : (choice >> 8) % pages
                    _ = kvm.guestAccess(vcpu: vcpu, gfn: gfn, write: choice & 1 == 0 ? choice : nil)
                    count += 1
                }
                accesses.add(count, ordering: .relaxed)
            }
        }
        if configuration.inhibitThread {
            spawn("inhibit[0]") {
                var inhibited = false
                while !stop.load(ordering: .relaxed) {
                    inhibited.toggle()
                    kvm.requestAPICvUpdate(activate: !inhibited, reason: .hyperV)
                    toggles.add(1, ordering: .relaxed)
                    usleep(200)
                }
            }
        }
        if configuration.invalidatorThread {
            let seed = configuration.seed &+ 0x5151
            spawn("invalidator[0]") {
                var rng = SplitMix64(seed: seed)
                while !stop.load(ordering: .relaxed) {
                    kvm.host.replacePage(rng.next() % pages)
                    invalidations.add(1, ordering: .relaxed)
                    usleep(100)
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
