import Interleaving
import KVMMMU
import ReplayTesting
import Synchronization

/// A model invariant that failed on the real state after some step.
public struct KVMInvariantViolation: Sendable, Hashable, CustomStringConvertible {
    /// Index of the step in the observed sequence.
    public let stepIndex: Int
    /// The step after which the invariant failed.
    public let step: ScheduleStep
    /// The invariant.
    public let invariant: KVMInvariant
    /// What was wrong.
    public let message: String

    public var description: String { "after step \(stepIndex) (\(step)): \(invariant.rawValue): \(message)" }
}

/// What a per-step hook sees.
public struct KVMStepContext {
    /// The executed step.
    public let executed: ExecutedStep
    /// The VM (quiescent: every managed thread is parked or ended).
    public let kvm: KVM
    /// The model's invariant evaluated after this step (nil: holds).
    public let invariantViolation: String?
}

/// The result of `KVMReplay.run`.
public struct KVMReplayResult: Sendable {
    /// The scene that ran.
    public let scene: KVMScene
    /// The scheduler's result: observed steps, divergence, deadlock, watchdog.
    public let replay: ReplayResult
    /// Facts about the real state at the end.
    public let facts: KVMSceneFacts
    /// The model's invariant failures after individual steps, in order.
    public let invariantViolations: [KVMInvariantViolation]
    /// The VM after the run (safe to use when `replay.allThreadsEnded`).
    public let kvm: KVM

    /// The observed `(thread, label)` sequence.
    public var observed: [ScheduleStep] { replay.observed }
    /// The first divergence from the requested schedule.
    public var divergence: ScheduleDivergence? { replay.divergence }
    /// True when the run deadlocked.
    public var deadlocked: Bool { replay.deadlocked }
    /// True when the model's invariant held after every step.
    public var invariantHeld: Bool { invariantViolations.isEmpty }
}

/// The replay harness of KVMMMU's own tests: builds a scene, runs its threads under the
/// deterministic scheduler following a schedule of model labels, checks the model's invariant
/// on the real state after every step, and reports facts.
///
/// Generated tests go through `KVMTarget` and `Replay`; this harness gives hand-written tests
/// the VM and facts after the run.
public enum KVMReplay {
    /// Runs `scene` under `schedule`.
    ///
    /// - Parameters:
    ///   - watchdogSeconds: bound on the time a thread may take between two schedule points.
    ///   - afterStep: optional hook called after every executed step (quiescent state).
    public static func run(_ scene: KVMScene, schedule: [ScheduleStep], watchdogSeconds: Double = 3,
                           afterStep: ((KVMStepContext) -> Void)? = nil) -> KVMReplayResult {
        let kvm = scene.makeKVM()
        let outcomes = PosixMutex<[[FaultOutcome]]>(Array(repeating: [], count: scene.vcpus))
        let threads = self.threads(scene, kvm) { vcpu, outcome in outcomes.withLock { $0[vcpu].append(outcome) } }
        let invariant = KVMInvariant.of(scene.model)
        var violations: [KVMInvariantViolation] = []
        let scheduler = Scheduler(points: kvm.points, watchdogSeconds: watchdogSeconds)
        let replay = scheduler.run(threads: threads, schedule: schedule) { executed in
            let message = kvm.violation(of: invariant)
            if let message {
                violations.append(KVMInvariantViolation(stepIndex: executed.index, step: executed.step,
                                                        invariant: invariant, message: message))
            }
            afterStep?(KVMStepContext(executed: executed, kvm: kvm, invariantViolation: message))
        }
        let facts = KVMSceneFacts(kvm: kvm, scene: scene, outcomes: outcomes.withLock { $0 })
        return KVMReplayResult(scene: scene, replay: replay, facts: facts, invariantViolations: violations, kvm: kvm)
    }

    /// The scene's threads over `kvm`, in index order: `vcpu[0..]` run the fault loop
    /// (enter the guest, fault; RET_PF_RETRY enters, reloading the root on `KVM_REQ_MMU_RELOAD`,
    /// and faults again: at most `retries` more times, or, with `retry=forever`, until the fault
    /// returns something else; with `faultin_each_attempt=false` a retry enters no guest) and report each
    /// outcome to `record`; then `inhibit[0]`, `invalidator[0..]` or `updater[0]`
    /// (gfn-invalidate: each vCPU on its own page, `KVMScene.faultGFN(vcpu:)`).
    static func threads(_ scene: KVMScene, _ kvm: KVM,
                        record: @escaping @Sendable (_ vcpu: Int, FaultOutcome) -> Void) -> [ManagedThread] {
        var threads: [ManagedThread] = []
        for vcpu in 0..<scene.vcpus {
            let gfn = scene.faultGFN(vcpu: vcpu)
            let retries = scene.retries
            let forever = scene.variant.retry == .forever
            threads.append(ManagedThread(name: "vcpu[\(vcpu)]", labels: scene.labels(ofKind: "vcpu")) {
                var again = 0
                while true {
                    // Each fault follows a guest entry (apicv_request: KVM_REQ_APICV_UPDATE serviced),
                    // but for a retry of the hoisted faultin, which loops in the kernel; a re-entry
                    // after RET_PF_RETRY services KVM_REQ_MMU_RELOAD first (obsolete-root-fault).
                    if again == 0 || scene.variant.faultinEachAttempt {
                        if again > 0 { kvm.reloadRoot(vcpu: vcpu) }
                        kvm.enterGuest(vcpu: vcpu)
                    }
                    let outcome = kvm.pageFault(vcpu: vcpu, gfn: gfn)
                    record(vcpu, outcome)
                    if outcome != .retry || (!forever && again >= retries) { break }
                    again += 1
                }
            })
        }
        switch scene.model {
        case .apicAccessZap:
            threads.append(ManagedThread(name: "inhibit[0]", labels: scene.labels(ofKind: "inhibit")) {
                kvm.inhibitAPICv(.hyperV)
            })
        case .notifierInvalidate:
            for index in 0..<scene.invalidators {
                let lo = scene.invalidatorRangeLo[index]
                threads.append(ManagedThread(name: "invalidator[\(index)]", labels: scene.labels(ofKind: "invalidator")) {
                    kvm.host.replacePage(lo)
                })
            }
        case .obsoleteRootFault:
            threads.append(ManagedThread(name: "updater[0]", labels: scene.labels(ofKind: "updater")) {
                kvm.zapAllFast()
            })
        case .gfnInvalidate:
            for index in 0..<scene.invalidators {
                let range = scene.invalidatorRange(index)
                threads.append(ManagedThread(name: "invalidator[\(index)]", labels: scene.labels(ofKind: "invalidator")) {
                    kvm.host.replacePages(range)
                })
            }
        case .tdpSharedFault:
            break
        }
        return threads
    }
}
