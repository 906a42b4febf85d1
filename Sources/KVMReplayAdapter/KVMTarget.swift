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
        return ReplayRun(points: kvm.points, threads: KVMReplay.threads(scene, kvm) { _, _ in },
                         violation: { kvm.violation(of: invariant) },
                         damage: Self.damage(of: kvmModel, kvm))
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
