import KVMMMU
import Synchronization

/// Facts about the real state after a replay, for assertions.
public struct KVMSceneFacts: Sendable {
    /// Per vCPU, the outcome of each fault in order (e.g. `[.retry, .emulate]`).
    public let faultOutcomes: [[FaultOutcome]]
    /// APICv is active.
    public let apicvActive: Bool
    /// The inhibit completed (`inhibit.done` ran).
    public let inhibitDone: Bool
    /// The APIC access gfn's SPTE is present.
    public let apicSPTEPresent: Bool
    /// The vCPUs' fault gfn's leaf SPTE.
    public let faultGFNSPTE: SPTE
    /// The pfn the host maps at the fault gfn's hva now.
    public let faultGFNHostPFN: PFN
    /// Some present leaf SPTE maps a freed frame.
    public let spteMapsFreedPage: Bool
    /// Notifier count and seq.
    public let notifierCount: Int64
    /// Notifier seq.
    public let notifierSeq: UInt64
    /// Per vCPU, the page-table pages it linked.
    public let linkedSPs: [[PFN]]
    /// vCPUs whose linked sp is no longer linked (lost SPTE update).
    public let vcpusWithLostLink: [Int]
    /// Page-table pages allocated but unreachable from the root.
    public let leakedPageTablePages: Int
    /// Violations recorded by the VM (use-after-free, un-intercepted APIC access).
    public let events: [KVMEvent]

    /// The inhibit completed but the APIC page is still mapped (the seed race's outcome).
    public var apicMappedAfterInhibit: Bool { inhibitDone && apicSPTEPresent }
    /// The fault gfn's SPTE is present and maps a pfn other than the host's current one.
    public var faultGFNSPTEStale: Bool { faultGFNSPTE.isPresent && faultGFNSPTE.pfn != faultGFNHostPFN }

    init(kvm: KVM, scene: KVMScene, outcomes: [[FaultOutcome]]) {
        faultOutcomes = outcomes
        apicvActive = kvm.apicv.isActive
        inhibitDone = kvm.apicv.inhibitCompleted
        apicSPTEPresent = kvm.memslot(for: KVM.apicAccessGFN) != nil && kvm.tdp.leafSPTE(KVM.apicAccessGFN).isPresent
        faultGFNSPTE = kvm.tdp.leafSPTE(scene.faultGFN)
        faultGFNHostPFN = kvm.hva(of: scene.faultGFN).map(kvm.host.currentPFN) ?? 0
        spteMapsFreedPage = !kvm.sptesMappingFreedPages().isEmpty
        notifierCount = kvm.notifier.count
        notifierSeq = kvm.notifier.seq
        linkedSPs = kvm.vcpus.map { $0.links.map(\.sp) }
        vcpusWithLostLink = kvm.vcpus.filter { vcpu in
            vcpu.links.contains { SPTE(rawValue: kvm.memory.word($0.parent, $0.index).pointee.load(ordering: .acquiring)) != .table($0.sp) }
        }.map(\.id)
        leakedPageTablePages = kvm.leakedPageTablePages().count
        events = kvm.events.recordedViolations
    }
}
