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
/// - `gfn-invalidate` (v6.8's gfn-based invalidation): 4 host pages, hva 0..3 (pfn 1..4);
///   memslot 0 maps gfn 0 to hva 0, memslot 1 maps gfn 4/5 to hva 1/2, hva 3 is in no memslot;
///   no APIC page. `vcpu[i]` faults on page `vcpuPages[i]` (0, 1, 2: gfn 0, 4, 5);
///   `invalidator[i]` replaces the host pages of `invalidatorRange(i)`, `[lo, min(lo + 3, 4))`,
///   in one notifier bracket.
/// - `tdp-shared-fault`: 2 guest RAM pages; the tables down to level 2 exist for gfn 0 but
///   its level-2 SPTE (the last-level table) is missing. `vcpu[i]` fault on gfn 0.
/// - `obsolete-root-fault`: 2 guest RAM pages, nothing mapped. `vcpu[i]` fault on gfn 0 (by
///   default once: `retries` 0; a retried fault re-enters the guest, reloading the root when
///   `KVM_REQ_MMU_RELOAD` is pending); `updater[0]` runs `kvm_mmu_zap_all_fast`.
///
/// Thread index order (used by the scheduler's completion policy): `vcpu[0..]`, then
/// `inhibit[0]`, `invalidator[0..]` or `updater[0]`.
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
    /// Per invalidator, the first hva of its range (notifier-invalidate: 0 or 1, a one-page
    /// range; gfn-invalidate: 0...3, a three-page range clipped at the last host page).
    public var invalidatorRangeLo: [HVA]
    /// Per vCPU, the guest page it faults on (gfn-invalidate: 0, 1, 2 for gfn 0, 4, 5; else 0).
    public var vcpuPages: [Int]
    /// Per process kind, the schedule-point labels its threads honour (the model's step labels);
    /// nil: every label, so that a point the model does not have shows as a divergence.
    public var labels: [String: Set<String>]?

    /// Creates a scene; counts default to the model's defaults.
    public init(model: KVMModel, variant: ProtocolVariant, vcpus: Int? = nil, invalidators: Int? = nil,
                retries: Int = 1, invalidatorRangeLo: [HVA]? = nil, vcpuPages: [Int]? = nil) {
        self.model = model
        self.variant = variant
        self.vcpus = vcpus ?? (model == .tdpSharedFault ? 2 : 1)
        let invalidatorCount = model == .notifierInvalidate || model == .gfnInvalidate ? (invalidators ?? 1) : 0
        self.invalidators = invalidatorCount
        self.retries = retries
        let lo = invalidatorRangeLo ?? []
        self.invalidatorRangeLo = (0..<invalidatorCount).map { $0 < lo.count ? lo[$0] : 0 }
        let pages = vcpuPages ?? []
        self.vcpuPages = (0..<self.vcpus).map { $0 < pages.count ? pages[$0] : 0 }
        self.labels = nil
    }

    /// The labels a thread of `kind` honours (nil: every label).
    public func labels(ofKind kind: String) -> Set<String>? { labels.map { $0[kind] ?? [] } }

    /// Creates a scene from a replay configuration: every flag's value, the parameters
    /// (`vcpus`, `invalidators`, `retries`; the model's defaults otherwise), the data choices
    /// (`invalidator[i].lo`: invalidator i's range start; `vcpu[i].gfn_index`: vCPU i's page)
    /// and the labels each kind honours.
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
        let vcpus = configuration.parameters["vcpus"] ?? 1
        let pages = (0..<vcpus).map { i in Int(configuration.data["vcpu[\(i)].gfn_index"] ?? 0) }
        if kvmModel == .gfnInvalidate {
            let hostPages = HVA(Self.gfnInvalidateHostPages)
            guard lo.allSatisfy({ $0 < hostPages }), pages.allSatisfy({ Self.gfnInvalidatePages.indices.contains($0) }) else {
                throw ReplayConfigurationError("\(model): a data choice outside the scene (lo 0...3, gfn_index 0...2)")
            }
        }
        self.init(model: kvmModel, variant: variant, vcpus: configuration.parameters["vcpus"],
                  invalidators: invalidators,
                  retries: configuration.parameters["retries"] ?? (kvmModel == .obsoleteRootFault ? 0 : 1),
                  invalidatorRangeLo: lo, vcpuPages: pages)
        labels = configuration.labels.mapValues(Set.init)
    }

    /// The gfn vCPU 0 faults on.
    public var faultGFN: GFN { faultGFN(vcpu: 0) }

    /// The gfn vCPU `vcpu` faults on.
    public func faultGFN(vcpu: Int) -> GFN {
        switch model {
        case .apicAccessZap: return KVM.apicAccessGFN
        case .gfnInvalidate: return Self.gfnInvalidatePages[vcpuPages[vcpu]]
        case .notifierInvalidate, .tdpSharedFault, .obsoleteRootFault: return 0
        }
    }

    /// gfn-invalidate's guest pages 0, 1, 2: their gfns (memslot 0 holds 0, memslot 1 holds 4 and 5).
    public static let gfnInvalidatePages: [GFN] = [0, 4, 5]
    /// gfn-invalidate's host pages: hva 0..<4, the last in no memslot.
    public static let gfnInvalidateHostPages = 4
    /// gfn-invalidate's memslots: gfn 0 at hva 0, and gfn 4..<6 at hva 1..<3.
    public static let gfnInvalidateMemslots = [Memslot(id: 0, baseGFN: 0, npages: 1, userspaceAddress: 0),
                                               Memslot(id: 1, baseGFN: 4, npages: 2, userspaceAddress: 1)]

    /// The hva range invalidator `index` replaces: gfn-invalidate's `[lo, min(lo + 3, 4))`, else `[lo, lo + 1)`.
    public func invalidatorRange(_ index: Int) -> Range<HVA> {
        let lo = invalidatorRangeLo[index]
        return lo..<(model == .gfnInvalidate ? min(lo + 3, HVA(Self.gfnInvalidateHostPages)) : lo + 1)
    }

    /// Thread names in index order.
    public var threadNames: [String] {
        var names = (0..<vcpus).map { "vcpu[\($0)]" }
        switch model {
        case .apicAccessZap: names.append("inhibit[0]")
        case .notifierInvalidate, .gfnInvalidate: names += (0..<invalidators).map { "invalidator[\($0)]" }
        case .obsoleteRootFault: names.append("updater[0]")
        case .tdpSharedFault: break
        }
        return names
    }

    /// Builds the VM in its initial state.
    public func makeKVM() -> KVM {
        let gfnBased = model == .gfnInvalidate
        let kvm = KVM(KVMConfiguration(vcpus: vcpus, variant: variant,
                                       guestPages: gfnBased ? UInt64(Self.gfnInvalidateHostPages) : 2, physicalFrames: 64,
                                       apicAccessPage: model == .apicAccessZap,
                                       guestMemslots: gfnBased ? Self.gfnInvalidateMemslots : nil,
                                       notifierRange: gfnBased ? .gfn : .hva))
        if model == .tdpSharedFault {
            kvm.tdp.prepopulate(faultGFN, downTo: 2)
        }
        return kvm
    }
}
