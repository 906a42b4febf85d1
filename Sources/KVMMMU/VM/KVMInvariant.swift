/// Consistency properties of the real state of a `KVM` (each is a KVM model's invariant, by its name).
public enum KVMInvariant: String, Sendable, Hashable, CaseIterable {
    /// apic-access-zap: once an inhibit completed (and APICv stays inactive), the APIC access
    /// gfn's SPTE is not present.
    case apicUnmappedAfterInhibit = "apic_unmapped_after_inhibit"
    /// notifier-invalidate: with no invalidation in progress (count == 0), every present leaf
    /// SPTE maps the pfn the host maps at its hva now.
    case spteCoherent = "spte_coherent"
    /// tdp-shared-fault: every page-table page a vCPU linked is still linked where it put it.
    case installedSPLinked = "installed_sp_linked"
    /// obsolete-root-fault: once the zap of the invalidated root returned, the root holds no
    /// present leaf SPTE (a fault mapped nothing behind the zap).
    case invalidatedRootEmpty = "invalidated_root_empty"

}

extension KVM {
    /// Evaluates `invariant` on the current state: nil when it holds, else what is wrong.
    ///
    /// Reads without taking locks: call it while the VM is quiescent (e.g. from a scheduler's
    /// per-step callback, when every managed thread is parked) or via `checkInvariantsLocked`.
    public func violation(of invariant: KVMInvariant) -> String? {
        switch invariant {
        case .apicUnmappedAfterInhibit:
            guard memslot(for: KVM.apicAccessGFN) != nil, apicv.inhibitCompleted else { return nil }
            let spte = tdp.leafSPTE(KVM.apicAccessGFN)
            return spte.isPresent ? "APIC access gfn mapped (\(spte)) after the inhibit completed" : nil
        case .spteCoherent:
            guard notifier.count == 0 else { return nil }
            for (gfn, spte) in tdp.presentLeaves() {
                guard let hva = hva(of: gfn) else { return "SPTE of gfn \(gfn) outside every memslot" }
                let current = host.currentPFN(hva)
                if spte.pfn != current {
                    let freed = memory.kind(of: spte.pfn) == .free ? " (freed)" : ""
                    return "SPTE of gfn \(gfn) maps pfn \(spte.pfn)\(freed) but the host maps hva \(hva) to pfn \(current)"
                }
            }
            return nil
        case .installedSPLinked:
            for vcpu in vcpus {
                for link in vcpu.links {
                    let spte = SPTE(rawValue: memory.word(link.parent, link.index).pointee.load(ordering: .acquiring))
                    if spte != .table(link.sp) {
                        return "vcpu \(vcpu.id) linked sp \(link.sp) at level \(link.level) but the SPTE is \(spte)"
                    }
                }
            }
            return nil
        case .invalidatedRootEmpty:
            guard roots.invalidatedRootZapped, let leaf = tdp.presentLeaves().first else { return nil }
            return "gfn \(leaf.gfn) is mapped (\(leaf.spte)) in the invalidated root after its zap returned"
        }
    }

    /// Evaluates `invariants` with `apicv_update_lock` and mmu_lock (write) held, so that it is
    /// safe while other threads run (used by stress tests; never from a managed thread that might
    /// be parked holding these locks). Returns the violations found.
    public func checkInvariantsLocked(_ invariants: [KVMInvariant] = KVMInvariant.allCases) -> [String] {
        apicv.updateLock.lock(at: nil)
        mmuLock.lock(.exclusive, at: nil)
        defer {
            mmuLock.unlock(.exclusive)
            apicv.updateLock.unlock()
        }
        var found = invariants.compactMap { invariant in violation(of: invariant).map { "\(invariant.rawValue): \($0)" } }
        let leaked = leakedPageTablePages()
        if !leaked.isEmpty { found.append("leaked page-table pages: \(leaked.sorted())") }
        return found
    }

    /// Page-table pages that are allocated but not reachable from the root (leaked by a lost
    /// link). Only meaningful while no fault is between `fault.alloc_sp` and `fault.install`.
    public func leakedPageTablePages() -> Set<PFN> {
        Set(memory.frames(of: .pageTable)).subtracting(tdp.reachableTables())
    }

    /// Present leaf SPTEs that map a freed frame, as (gfn, pfn).
    public func sptesMappingFreedPages() -> [(gfn: GFN, pfn: PFN)] {
        tdp.presentLeaves().filter { memory.kind(of: $0.spte.pfn) != .data }.map { (gfn: $0.gfn, pfn: $0.spte.pfn) }
    }
}
