import KVMMMU
import ReplayTesting
/// The initial state and threads of one model's replay: which model, which flags, how many
/// threads of each kind, the retry bound and the data choices.
///
/// Scenes (all pfns come from the real allocator):
/// - `apic-access-zap`: 2 guest RAM pages plus the APIC access memslot at gfn 0xfee00; APICv
///   active. Threads `vcpu[0..<vcpus]` each run the fault loop on gfn 0xfee00; `inhibit[0]`
///   runs `kvm_request_apicv_update(deactivate)`.
/// - `notifier-invalidate`: 2 guest RAM pages, gfn 0/1 at hva 0/1 (pfn 1/2), no APIC page.
///   `vcpu[i]` fault on gfn 0; `invalidator[i]` replaces the host page of hva
///   `invalidatorRangeLo[i]` (range `[lo, lo+1)`) bracketed by the MMU notifiers.
/// - `tdp-shared-fault`: 2 guest RAM pages; the tables down to level 2 exist for gfn 0 but
///   its level-2 SPTE (the last-level table) is missing. `vcpu[i]` fault on gfn 0.
///
/// Thread index order (used by the scheduler's completion policy): `vcpu[0..]`, then
/// `inhibit[0]` or `invalidator[0..]`.
public struct KVMScene: Sendable, Hashable {
    /// The model.
    public var model: KVMModel
    /// The flags.
    public var variant: ProtocolVariant
    /// Number of vCPU threads.
    public var vcpus: Int
    /// Number of invalidator threads (notifier-invalidate only).
    public var invalidators: Int
    /// How many more times a vCPU faults after RET_PF_RETRY (CONTRACT.md `retries`), unless the
    /// variant's `retry` is `forever` (then it faults again until the fault completes).
    public var retries: Int
    /// Per invalidator, the first hva of its one-page range (0 or 1).
    public var invalidatorRangeLo: [HVA]
    /// Per process kind, the schedule-point labels its threads honour (the model's step labels);
    /// nil: every label, so that a point the model does not have shows as a divergence.
    public var labels: [String: Set<String>]?

    /// Creates a scene; counts default to the model's defaults.
    public init(model: KVMModel, variant: ProtocolVariant, vcpus: Int? = nil, invalidators: Int? = nil,
                retries: Int = 1, invalidatorRangeLo: [HVA]? = nil) {
        self.model = model
        self.variant = variant
        self.vcpus = vcpus ?? (model == .tdpSharedFault ? 2 : 1)
        let invalidatorCount = model == .notifierInvalidate ? (invalidators ?? 1) : 0
        self.invalidators = invalidatorCount
        self.retries = retries
        let lo = invalidatorRangeLo ?? []
        self.invalidatorRangeLo = (0..<invalidatorCount).map { $0 < lo.count ? lo[$0] : 0 }
        self.labels = nil
    }

    /// The labels a thread of `kind` honours (nil: every label).
    public func labels(ofKind kind: String) -> Set<String>? { labels.map { $0[kind] ?? [] } }

    /// Creates a scene from a replay configuration: every flag's value, the parameters
    /// (`vcpus`, `invalidators`, `retries`; the model's defaults otherwise), the data choices
    /// (`invalidator[i].lo`: invalidator i's range start) and the labels each kind honours.
    public init(model: String, _ configuration: ReplayConfiguration) throws {
        let kvmModel = try KVMModel.named(model)
        let variant: ProtocolVariant
        do {
            variant = try ProtocolVariant(flags: configuration.flags)
        } catch {
            throw ReplayConfigurationError("\(model): \(error)")
        }
        let invalidators = configuration.parameters["invalidators"] ?? 1
        let lo = (0..<invalidators).map { i in HVA(configuration.data["invalidator[\(i)].lo"] ?? 0) }
        self.init(model: kvmModel, variant: variant, vcpus: configuration.parameters["vcpus"],
                  invalidators: invalidators, retries: configuration.parameters["retries"] ?? 1,
                  invalidatorRangeLo: lo)
        labels = configuration.labels.mapValues(Set.init)
    }

    /// The gfn the vCPUs fault on.
    public var faultGFN: GFN { model == .apicAccessZap ? KVM.apicAccessGFN : 0 }

    /// Thread names in index order.
    public var threadNames: [String] {
        var names = (0..<vcpus).map { "vcpu[\($0)]" }
        switch model {
        case .apicAccessZap: names.append("inhibit[0]")
        case .notifierInvalidate: names += (0..<invalidators).map { "invalidator[\($0)]" }
        case .tdpSharedFault: break
        }
        return names
    }

    /// Builds the VM in its initial state.
    public func makeKVM() -> KVM {
        let kvm = KVM(KVMConfiguration(vcpus: vcpus, variant: variant, guestPages: 2, physicalFrames: 64,
                                       apicAccessPage: model == .apicAccessZap))
        if model == .tdpSharedFault {
            kvm.tdp.prepopulate(faultGFN, downTo: 2)
        }
        return kvm
    }
}
