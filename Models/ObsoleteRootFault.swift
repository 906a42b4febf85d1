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
/// - One old root, the one every vCPU loaded when it last entered the guest, before the update.
///   A fault that returns RET_PF_RETRY re-enters the guest (`retries` more times with
///   `retry=bounded`, default 0: the fault ends; forever with `retry=forever`, `FaultRetry`), and
///   the entry reloads the root first (`vcpu.reload`): `vcpu_enter_guest` services
///   `KVM_REQ_MMU_RELOAD` with `kvm_mmu_unload`, then `kvm_mmu_reload` finds `root_hpa` invalid
///   and `kvm_mmu_load` loads a new root (v5.15/v5.16; later kernels raise
///   `KVM_REQ_MMU_FREE_OBSOLETE_ROOTS` instead, serviced by `kvm_mmu_free_obsolete_roots`). The request is raised by `kvm_reload_remote_mmus` in
///   the write-locked section that invalidates the roots and cleared only by the vCPU's reload,
///   so it is pending for a vCPU exactly while `root_invalid` holds and the vCPU has not
///   reloaded (`new_root`); the model derives it so. A new root is valid (the update
///   invalidated only the roots before it) and the invariant does not concern it: a fault on it
///   maps without touching `old_root_sptes`. `reload_request=false` (a broken variant) drops
///   the request: the vCPU re-enters with its invalid root and faults again on it. The kernel
///   has had this livelock: a 2025 patch (Yan Zhao, *mail*) found that
///   `kvm_arch_vcpu_pre_fault_memory`, which reloads without servicing the request, "will retry
///   infinitely due to the checking of is_page_fault_stale()" after a memslot removal;
///   20a6cff3b283 ("KVM: x86/mmu: Check and free obsolete roots in kvm_mmu_reload()") services
///   it in `kvm_mmu_reload`.
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
///
/// Progress (liveness), declared with `retry=forever` only: `fault_completes` (vcpu: the fault
/// completes, on the new root it reloads once the update invalidated the old one) and
/// `update_completes` (updater: `kvm_mmu_zap_all_fast` returns). Both kinds are weakly fair.
/// Measured: `retry-forever` holds even with no fairness (a fault retries at most once, as its
/// re-entry reloads the root, so every execution is finite); `no-reload` without fairness
/// violates both properties by starving the updater in the middle of its update (a 2-step
/// stem), with weak fairness the update completes and only `fault_completes` is violated (a
/// 4-step stem: the whole update; a 4-step loop: lock, root check, unlock, re-entry). Weak is
/// enough: `mmu_lock` is held for a bounded number of steps at a time, so a waiting
/// process is not disabled forever.
public enum ObsoleteRootFault {
    /// The model.
    public static let model = ProtocolModel(
        "obsolete-root-fault",
        summary: "TDP MMU fault vs. a memslot update's kvm_mmu_zap_all_fast invalidating and zapping the roots",
        flags: [
            .bool("fault_checks_root", default: true,
                  "under mmu_lock the fault retries when its root is obsolete (is_page_fault_stale, a955cad84cda)"),
            .bool("reload_request", default: true,
                  "kvm_mmu_zap_all_fast raises KVM_REQ_MMU_RELOAD (kvm_reload_remote_mmus), so a vCPU entering the guest loads a new root"),
            FaultRetry.flag,
        ],
        parameters: [
            ParameterDecl("vcpus", default: 1, range: 1...16, "vCPUs faulting with the root loaded before the update"),
            ParameterDecl("retries", default: 0, range: 0...4,
                          "how many times a vCPU re-enters the guest and faults again after RET_PF_RETRY (0: the fault ends)"),
        ],
        presets: [
            Preset("upstream", ["fault_checks_root": "true"], expected: .holds,
                   kernel: .release("v5.16", "a955cad84cda"),
                   "the fault checks its root under mmu_lock and retries when the update invalidated it"),
            Preset("v5.15", ["fault_checks_root": "false"], expected: .violated,
                   kernel: .release("v5.15", "b7cccd397f31", "4c6654bd160d"),
                   "roots invalidated and zapped under the read lock, no root check: a fault maps behind the zap"),
            Preset("retry-forever", ["retry": "forever"], expected: .holds,
                   kernel: .release("v5.16", "a955cad84cda"),
                   "RET_PF_RETRY re-enters the guest, which reloads the root: the fault completes on the new root"),
            Preset("no-reload", ["retry": "forever", "reload_request": "false"], expected: .violated,
                   kernel: .noRelease("a broken variant: kvm_mmu_zap_all_fast without kvm_reload_remote_mmus",
                                      builtFrom: "a955cad84cda"),
                   "the roots invalidated without the reload request: the vCPU re-enters with its obsolete root and retries forever"),
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
        let attempts = Local("attempts", .u8)
        let newRoot = Local("new_root", .bool)
        let forever = FaultRetry.forever(cfg)
        Process("vcpu", instances: cfg.param("vcpus"), fairness: forever ? .weak : .none) {
            result
            attempts
            newRoot
            // direct_page_fault, TDP MMU: read_lock(&vcpu->kvm->mmu_lock).
            Acquire("fault.lock", mmuLock, .shared)
            Step("fault.retry_check") {
                // a955cad84cda: if (is_page_fault_stale(vcpu, fault, mmu_seq)) goto out_unlock;
                // is_obsolete_sp(root): root->role.invalid. Before it only mmu_notifier_retry_hva,
                // which nothing here makes true.
                if cfg.flag("fault_checks_root") {
                    // A new root is valid: only the roots before the update were invalidated.
                    If(rootInvalid && !newRoot) {
                        result <- "retry"
                        Goto("fault.unlock")
                    }
                }
            }
            Step("fault.map") {
                // kvm_tdp_mmu_map walks the vCPU's root and links the fault's SPTEs (in a new root:
                // not the invalidated one).
                If(!newRoot) { oldRootSPTEs <- true }
                result <- "fixed"
            }
            Step("fault.unlock") {
                // out_unlock: read_unlock. RET_PF_RETRY re-enters the guest, which reloads the root.
                Release(mmuLock)
                FaultRetry.again(cfg, when: result == "retry", attempts: attempts, from: "vcpu.reload")
            }
            Step("vcpu.reload") {
                // vcpu_enter_guest: if (kvm_check_request(KVM_REQ_MMU_RELOAD, vcpu)) kvm_mmu_unload(vcpu);
                // kvm_mmu_reload: root_hpa is INVALID_PAGE, so kvm_mmu_load loads a new root. The
                // request is pending while the root is invalid and this vCPU has not reloaded.
                if cfg.flag("reload_request") {
                    If(rootInvalid) { newRoot <- true }
                }
                result <- "none"
                Goto("fault.lock")
            }
        }

        Process("updater", fairness: forever ? .weak : .none) {
            Acquire("roots.invalidate", mmuLock, .exclusive) {
                // kvm_mmu_zap_all_fast: write_lock; for each TDP MMU root (with a reference taken)
                // root->role.invalid = true; kvm_reload_remote_mmus(kvm) (reload_request: the
                // request is derived from root_invalid, see vcpu.reload).
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

        if forever {
            Liveness("fault_completes", forAll: "vcpu") { v in Eventually(v.finished) }
            Liveness("update_completes") { Eventually(Expr.finished(kind: "updater", instance: 0)) }
        }
    }
}
