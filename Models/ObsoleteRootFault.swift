import ProtocolDSL

/// `obsolete-root-fault`: a TDP MMU page fault races with the fast zap of a memslot update
/// (`kvm_mmu_zap_all_fast`, from `kvm_arch_flush_shadow_memslot` when a memslot is deleted or
/// moved). Since b7cccd397f31 with 4c6654bd160d (v5.13) the zap marks every TDP MMU root
/// invalid (`root->role.invalid = true`) and asks the vCPUs to reload (`kvm_reload_remote_mmus`)
/// under `mmu_lock` for write, drops the lock, and zaps the invalidated roots under the read lock
/// (`kvm_tdp_mmu_zap_invalidated_roots`), beside faults that also hold it for read. A fault that
/// took the read lock after the invalidation still maps into its obsolete root; if the zap has
/// already moved past the fault's gfn the new SPTE stays in the invalidated root ("inserting a
/// SPTE into an obsolete root can leak a SP if kvm_tdp_mmu_zap_invalidated_roots() has already
/// zapped the SP", a955cad84cda). a955cad84cda (v5.16, Cc stable; the 5.15 backport did not
/// apply) makes the fault check under `mmu_lock` whether its root is obsolete
/// (`is_page_fault_stale`: `is_obsolete_sp(root)` or `mmu_notifier_retry_hva`) and return
/// RET_PF_RETRY. `docs/citations.md` lists the evidence.
///
/// Kernel paths: the fault is v5.15's `direct_page_fault` with the TDP MMU (`read_lock`, the
/// notifier retry check, `kvm_tdp_mmu_map`, `read_unlock`); the update is
/// `kvm_mmu_zap_all_fast` (write lock: invalidate the roots, reload request,
/// `kvm_zap_obsolete_pages`, unlock; then read lock: `kvm_tdp_mmu_zap_invalidated_roots`,
/// unlock).
///
/// Simplifications (stated, not hidden):
/// - One root, the one every vCPU loaded when it last entered the guest, before the update; a
///   vCPU that enters afterwards loads a new root, which the invariant does not concern, so no
///   vCPU here enters again: a fault that retries ends (re-entering the guest would reload the
///   root first, as the reload request is raised in the same write-locked section that
///   invalidates the root).
/// - The fault's gfn lies under one top-level entry of the root: what the fault links there
///   (page-table pages and the leaf, `kvm_tdp_mmu_map`) is one Boolean, `old_root_sptes`, and the
///   zap's walk over the invalidated root passes that entry in one atomic step (`roots.zap`);
///   before it a fault's SPTE is zapped with the rest, after it the SPTE stays.
/// - The invariant is the condition a955cad84cda states, an SPTE in the invalidated root after
///   its zap returned; what happens to it afterwards (the leaked SP, or its zap when the root's
///   last reference goes) is not modelled.
/// - No MMU notifier runs, so `mmu_notifier_retry_hva` never asks for a retry here; the memslot
///   update's SRCU and `KVM_MEMSLOT_INVALID` are not modelled (the faults here are on a memslot
///   the update does not change, which neither holds off). The legacy MMU, which checks
///   `mmu_valid_gen` instead, is not modelled: this model has no `fault_lock`.
public enum ObsoleteRootFault {
    /// The model.
    public static let model = ProtocolModel(
        "obsolete-root-fault",
        summary: "TDP MMU fault vs. a memslot update's kvm_mmu_zap_all_fast invalidating and zapping the roots",
        flags: [
            .bool("fault_checks_root", default: true,
                  "under mmu_lock the fault retries when its root is obsolete (is_page_fault_stale, a955cad84cda)"),
        ],
        parameters: [
            ParameterDecl("vcpus", default: 1, range: 1...16, "vCPUs faulting with the root loaded before the update"),
        ],
        presets: [
            Preset("upstream", ["fault_checks_root": "true"], expected: .holds,
                   kernel: .release("v5.16", "a955cad84cda"),
                   "the fault checks its root under mmu_lock and retries when the update invalidated it"),
            Preset("v5.15", ["fault_checks_root": "false"], expected: .violated,
                   kernel: .release("v5.15", "b7cccd397f31", "4c6654bd160d"),
                   "roots invalidated and zapped under the read lock, no root check: a fault maps behind the zap"),
        ]
    ) { cfg in
        let pfResult = ValueType.enumeration("pf_result", ["none", "fixed", "retry"])

        let rootInvalid = Global("root_invalid", .bool)
        let oldRootSPTEs = Global("old_root_sptes", .bool)
        let rootsZapped = Global("roots_zapped", .bool)
        let mmuLock = RWLock("mmu_lock")
        rootInvalid
        oldRootSPTEs
        rootsZapped
        mmuLock

        let result = Local("result", pfResult, initial: .value("none"))
        Process("vcpu", instances: cfg.param("vcpus")) {
            result
            // direct_page_fault, TDP MMU: read_lock(&vcpu->kvm->mmu_lock).
            Acquire("fault.lock", mmuLock, .shared)
            Step("fault.retry_check") {
                // a955cad84cda: if (is_page_fault_stale(vcpu, fault, mmu_seq)) goto out_unlock;
                // is_obsolete_sp(root): root->role.invalid. Before it only mmu_notifier_retry_hva,
                // which nothing here makes true.
                if cfg.flag("fault_checks_root") {
                    If(rootInvalid) {
                        result <- "retry"
                        Goto("fault.unlock")
                    }
                }
            }
            Step("fault.map") {
                // kvm_tdp_mmu_map walks the vCPU's root (the old one) and links the fault's SPTEs.
                oldRootSPTEs <- true
                result <- "fixed"
            }
            Step("fault.unlock") {
                // out_unlock: read_unlock. RET_PF_RETRY re-enters the guest, which reloads the root.
                Release(mmuLock)
                Terminate()
            }
        }

        Process("updater") {
            Acquire("roots.invalidate", mmuLock, .exclusive) {
                // kvm_mmu_zap_all_fast: write_lock; for each TDP MMU root (with a reference taken)
                // root->role.invalid = true; kvm_reload_remote_mmus(kvm).
                rootInvalid <- true
            }
            Step("roots.unlock") {
                // kvm_zap_obsolete_pages (no legacy shadow pages); write_unlock.
                Release(mmuLock)
            }
            Acquire("roots.zap", mmuLock, .shared) {
                // read_lock; kvm_tdp_mmu_zap_invalidated_roots: zap_gfn_range(root, 0, -1ull,
                // shared) passes the top-level entry above the fault's gfn.
                oldRootSPTEs <- false
            }
            Step("roots.zap_unlock") {
                // read_unlock: kvm_mmu_zap_all_fast returns.
                Release(mmuLock)
                rootsZapped <- true
            }
        }

        Invariant("invalidated_root_empty") {
            rootsZapped ==> !oldRootSPTEs
        }
    }
}
