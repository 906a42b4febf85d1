/// The model-specific fact a witness test checks on the real state after the model's last step:
/// the concrete damage the invariant violation stands for.
public struct ReplayFact: Sendable, Equatable {
    /// The body of a closure `{ step in ... }` (`step` is a `KVMStepContext`) that returns
    /// whether the fact holds on the real state.
    public let statements: [String]
    /// What the fact says, for the assertion message.
    public let meaning: String
    /// Modules the statements need beyond Interleaving, KVMMMU and XCTest.
    public var imports: [String] = []

    /// The models that have a fact (and a replay harness in KVMMMU), in a fixed order.
    public static let models = ["apic-access-zap", "notifier-invalidate", "tdp-shared-fault"]

    /// The name of the generated function that checks the fact of `model`: `apicAccessZap`.
    public static func functionName(model: String) -> String {
        let upper = SwiftIdentifier.upperCamel(model)
        return upper.prefix(1).lowercased() + upper.dropFirst()
    }

    /// The fact of `model`, or nil when the model has no replay harness in KVMMMU.
    public static func of(model: String) -> ReplayFact? {
        switch model {
        case "apic-access-zap":
            return ReplayFact(statements: [
                "let apicSPTE = step.kvm.tdp.leafSPTE(KVM.apicAccessGFN)",
                "return step.kvm.apicv.inhibitCompleted && apicSPTE.isPresent",
            ], meaning: "the APIC access gfn's SPTE is present after the inhibit returned")
        case "notifier-invalidate":
            return ReplayFact(statements: [
                "let kvm = step.kvm",
                "return kvm.tdp.presentLeaves().contains { leaf in",
                "    guard let hva = kvm.hva(of: leaf.gfn) else { return true }",
                "    return leaf.spte.pfn != kvm.host.currentPFN(hva)",
                "}",
            ], meaning: "an SPTE maps a stale pfn, not the page the host maps at its hva now")
        case "tdp-shared-fault":
            return ReplayFact(statements: [
                "let kvm = step.kvm",
                "let lostLink = kvm.vcpus.contains { vcpu in",
                "    vcpu.links.contains { link in",
                "        SPTE(rawValue: kvm.memory.word(link.parent, link.index).pointee.load(ordering: .acquiring))",
                "            != .table(link.sp)",
                "    }",
                "}",
                "return lostLink && !kvm.leakedPageTablePages().isEmpty",
            ], meaning: "a vCPU lost the page-table page it linked, and that page leaked",
               imports: ["Synchronization"])
        default:
            return nil
        }
    }
}
