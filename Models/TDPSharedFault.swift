import ProtocolDSL

/// `tdp-shared-fault`: two or more vCPUs fault on the same gfn, whose last-level page table is
/// missing, under `mmu_lock` held for read (TDP MMU), and race to link a new page-table page
/// into the same non-leaf SPTE.
///
/// Kernel paths, in the names of 2022 and later kernels (v6.x), which the step comments use:
/// `kvm_tdp_mmu_map` walks to the missing level, allocates a shadow page (`tdp_mmu_alloc_sp`)
/// and links it with `tdp_mmu_link_sp` -> `tdp_mmu_set_spte_atomic` (`try_cmpxchg64`); when the
/// cmpxchg fails, the new page is freed (`tdp_mmu_free_sp`) and the fault returns RET_PF_RETRY.
/// v5.15 runs the same protocol under other names: `alloc_tdp_mmu_page`, then
/// `tdp_mmu_set_spte_atomic_no_dirty_log` (`cmpxchg64`) publishes the SPTE, and only after it
/// succeeded `tdp_mmu_link_page` adds the page to `tdp_mmu_pages`; on failure `tdp_mmu_free_sp`
/// and RET_PF_RETRY (read at 5a324c24b638). The model has no page list, so it stands for both.
/// Under `mmu_lock` for write (legacy-style) a plain store is safe.
///
/// Invariant `installed_sp_linked`: every vCPU that linked its page-table page still finds it
/// linked. A plain store under the read lock breaks it: the second store overwrites the first,
/// whose page is leaked (and whose mappings are lost).
///
/// Simplifications: one non-leaf SPTE; its value is the id of the linked page (0: none); the
/// page of vCPU `i` has id `i+1`; the leaf install after the link is part of `fault.install`.
/// No zap runs: nothing unlinks or frees a linked page (KVMMMU's exclusive zap does, which the
/// stress benchmark uses to make the race recur).
/// A fault that finds the SPTE present returns without a new link (spurious). The kernel
/// retries forever; here a vCPU faults again at most `retries` times.
///
/// Presets: `upstream` (read lock, cmpxchg) holds; `plain-store` (read lock, plain store) is
/// violated; `write-lock-store` (write lock, plain store) holds.
public enum TDPSharedFault {
    /// The model.
    public static let model = ProtocolModel(
        "tdp-shared-fault",
        summary: "vCPUs linking the same page-table page under mmu_lock for read (TDP MMU)",
        flags: [
            .choice("fault_lock", ["read", "write"], default: "read", "mmu_lock mode of the fault"),
            .choice("install", ["cmpxchg", "store"], default: "cmpxchg",
                    "how the non-leaf SPTE is written: tdp_mmu_set_spte_atomic or a plain store"),
        ],
        parameters: [
            ParameterDecl("vcpus", default: 2, range: 1...16, "vCPUs faulting on the same gfn"),
            ParameterDecl("retries", default: 1, range: 0...4, "how many times a vCPU faults again after RET_PF_RETRY"),
        ],
        presets: [
            Preset("upstream", ["fault_lock": "read", "install": "cmpxchg"], expected: .holds,
                   kernel: .release("v5.12", "9a77daacc87d", "a2855afc7ee8"),
                   "TDP MMU: shared mmu_lock, SPTE linked with try_cmpxchg64"),
            Preset("plain-store", ["fault_lock": "read", "install": "store"], expected: .violated,
                   kernel: .noRelease("a broken variant: a2855afc7ee8's shared lock without 9a77daacc87d's cmpxchg",
                                      builtFrom: "a2855afc7ee8"),
                   "shared mmu_lock with a plain store: a lost update leaks a page-table page"),
            Preset("write-lock-store", ["fault_lock": "write", "install": "store"], expected: .holds,
                   kernel: .release("v5.10", "bb18842e2111"),
                   "exclusive mmu_lock makes the plain store safe"),
        ]
    ) { cfg in
        let pfResult = ValueType.enumeration("pf_result", ["none", "fixed", "retry", "spurious"])
        let spte = Global("spte", .u8)
        let mmuLock = RWLock("mmu_lock")
        spte
        mmuLock

        let old = Local("old", .u8)
        let sp = Local("sp", .u8)
        let linked = Local("linked", .bool)
        let result = Local("result", pfResult, initial: .value("none"))
        let attempts = Local("attempts", .u8)
        Process("vcpu", instances: cfg.param("vcpus")) {
            old
            sp
            linked
            result
            attempts
            Acquire("fault.lock", mmuLock, cfg.lockMode("fault_lock")) {
                result <- "none"
            }
            Step("fault.read_spte") {
                // kvm_tdp_mmu_map: iter.old_spte of the non-leaf entry.
                old <- spte
                If(old != 0) {
                    result <- "spurious"
                    Goto("fault.unlock")
                }
            }
            Step("fault.alloc_sp") {
                // tdp_mmu_alloc_sp: a fresh page-table page, id self+1.
                sp <- selfIndex + 1
            }
            Step("fault.install") {
                if cfg.choice("install") == "cmpxchg" {
                    // tdp_mmu_link_sp -> tdp_mmu_set_spte_atomic: try_cmpxchg64(sptep, &old_spte, new_spte).
                    If(spte == old) {
                        spte <- sp
                        linked <- true
                        result <- "fixed"
                        Goto("fault.unlock")
                    } else: {
                        result <- "retry"
                    }
                } else {
                    // A plain store: WRITE_ONCE(*sptep, new_spte).
                    spte <- sp
                    linked <- true
                    result <- "fixed"
                    Goto("fault.unlock")
                }
            }
            Step("fault.free_sp") {
                // The cmpxchg lost: tdp_mmu_free_sp, RET_PF_RETRY.
                sp <- 0
            }
            Step("fault.unlock") {
                Release(mmuLock)
                If(result == "retry" && attempts < Expr.int(Int64(cfg.param("retries")))) {
                    attempts <- attempts + 1
                    Goto("fault.lock")
                } else: {
                    Terminate()
                }
            }
        }

        Invariant("installed_sp_linked", forAll: "vcpu") { v in
            v.local("linked") ==> (spte == v.local("sp"))
        }
    }
}
