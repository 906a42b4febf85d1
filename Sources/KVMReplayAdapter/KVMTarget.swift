import Interleaving
import KVMMMU
import ReplayTesting
import Synchronization

/// KVMMMU as the replay target of one KVM model: a fresh VM per run, the model's threads over
/// it, the model's invariant and the concrete damage its violation stands for, on real state.
///
/// Generated tests call `Replay.witness(ce, on: KVMTarget.apicAccessZap)`.
public struct KVMTarget: ReplayTarget {
    /// Which model.
    public let kvmModel: KVMModel

    /// The model's catalog name.
    public var model: String { kvmModel.rawValue }

    /// The target of `model`.
    public init(_ model: KVMModel) { self.kvmModel = model }

    /// apic-access-zap on KVMMMU.
    public static let apicAccessZap = KVMTarget(.apicAccessZap)
    /// notifier-invalidate on KVMMMU.
    public static let notifierInvalidate = KVMTarget(.notifierInvalidate)
    /// gfn-invalidate on KVMMMU.
    public static let gfnInvalidate = KVMTarget(.gfnInvalidate)
    /// tdp-shared-fault on KVMMMU.
    public static let tdpSharedFault = KVMTarget(.tdpSharedFault)
    /// obsolete-root-fault on KVMMMU.
    public static let obsoleteRootFault = KVMTarget(.obsoleteRootFault)

    public func prepare(_ configuration: ReplayConfiguration) throws -> ReplayRun {
        let scene = try KVMScene(model: model, configuration)
        let kvm = scene.makeKVM()
        let invariant = KVMInvariant.of(kvmModel)
        let outcomes = PosixMutex<[[FaultOutcome]]>(Array(repeating: [], count: scene.vcpus))
        let threads = KVMReplay.threads(scene, kvm) { vcpu, outcome in outcomes.withLock { $0[vcpu].append(outcome) } }
        return ReplayRun(points: kvm.points, threads: threads,
                         violation: { kvm.violation(of: invariant) },
                         damage: Self.damage(of: kvmModel, kvm),
                         observe: { Self.observation(scene, kvm, outcomes.withLock { $0 }) },
                         progress: ReplayFact("every vCPU's fault completed: its last fault returned other than RET_PF_RETRY") {
                             outcomes.withLock { $0 }.allSatisfy { ($0.last ?? .retry) != .retry }
                         })
    }

    /// What a lasso replay compares at each return to its loop's start: the fault gfn's SPTE,
    /// the host's pfn at each of its hvas, the notifier's count, seq and range, APICv's state,
    /// and per vCPU its last fault's outcome and the seq snapshot it keeps across RET_PF_RETRY
    /// (`snapshot_each_attempt=false`) or the faultin it keeps (`faultin_each_attempt=false`). Not its fault counter: that grows on every lap without
    /// achieving anything.
    static func observation(_ scene: KVMScene, _ kvm: KVM, _ outcomes: [[FaultOutcome]]) -> [String: String] {
        var state: [String: String] = [
            "spte[gfn \(scene.faultGFN)]": "\(kvm.tdp.leafSPTE(scene.faultGFN))",
            "mmu_notifier_count": "\(kvm.notifier.count)",
            "mmu_notifier_seq": "\(kvm.notifier.seq)",
            "mmu_notifier_range": "\(kvm.notifier.range)",
            "apicv active": "\(kvm.apicv.isActive)",
        ]
        for hva in 0..<HVA(2) { state["host pfn[hva \(hva)]"] = "\(kvm.host.currentPFN(hva))" }
        for (vcpu, list) in outcomes.enumerated() {
            state["vcpu[\(vcpu)] last fault"] = list.last.map { "\($0)" } ?? "none"
            state["vcpu[\(vcpu)] kept seq snapshot"] = kvm.vcpus[vcpu].retrySnapshot.map { "\($0)" } ?? "none"
            state["vcpu[\(vcpu)] kept faultin"] = kvm.vcpus[vcpu].retryFaultin
                .map { "seq \($0.mmuSeq), hva \($0.hva), pfn \($0.pfn)" } ?? "none"
        }
        return state
    }

    /// The concrete damage each model's invariant violation stands for, on the real VM.
    static func damage(of model: KVMModel, _ kvm: KVM) -> ReplayDamage {
        switch model {
        case .apicAccessZap:
            return ReplayDamage("the APIC access gfn's SPTE is present after the inhibit returned") {
                kvm.apicv.inhibitCompleted && kvm.tdp.leafSPTE(KVM.apicAccessGFN).isPresent
            }
        case .notifierInvalidate, .gfnInvalidate:
            return ReplayDamage("an SPTE maps a stale pfn, not the page the host maps at its hva now") {
                kvm.tdp.presentLeaves().contains { leaf in
                    guard let hva = kvm.hva(of: leaf.gfn) else { return true }
                    return leaf.spte.pfn != kvm.host.currentPFN(hva)
                }
            }
        case .tdpSharedFault:
            return ReplayDamage("a vCPU lost the page-table page it linked, and that page leaked") {
                let lostLink = kvm.vcpus.contains { vcpu in
                    vcpu.links.contains { link in
                        SPTE(rawValue: kvm.memory.word(link.parent, link.index).pointee.load(ordering: .acquiring))
                            != .table(link.sp)
                    }
                }
                return lostLink && !kvm.leakedPageTablePages().isEmpty
            }
        case .obsoleteRootFault:
            return ReplayDamage("the invalidated root maps a gfn after its zap returned") {
                kvm.roots.invalidatedRootZapped && !kvm.tdp.presentLeaves().isEmpty
            }
        }
    }
}
