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
/// retries forever; with `retry=bounded` (the default, which the safety presets use) a vCPU
/// faults again at most `retries` times, with `retry=forever` until the fault completes
/// (`FaultRetry`).
///
/// Progress (liveness), declared with `retry=forever` only (a bounded vCPU always ends):
/// - `fault_completes_alone` (vcpu): an attempt that begins (`fault.lock`) when every other
///   vCPU is done completes: with no racing fault the cmpxchg cannot fail.
/// - `fault_completes` (vcpu): every fault eventually completes, racing only other faults on
///   the same gfn: the loser of the cmpxchg frees its page and returns RET_PF_RETRY, and its next
///   walk finds the winner's page table present (RET_PF_SPURIOUS), so each vCPU retries at most once.
///
///   The vCPUs are weakly fair. Measured: `retry-forever` holds even with no fairness (every
///   execution is finite, as each vCPU retries at most once); weak fairness matters for
///   `stale-retry`, whose lasso without it (8-step stem) starves the winner before its unlock,
///   and with it (9-step stem) lets the winner finish and the loser spin alone, the bug itself.
///   Weak is enough: nothing takes `mmu_lock` for long, so a waiting vCPU is not disabled forever.
/// - `lost_link=stale_in_place` (a broken variant) retries a lost cmpxchg in place, as the TDP
///   MMU's walks do (`goto retry` in `__tdp_mmu_zap_root`, `wrprot_gfn_range`), but against the
///   old value read before it: `try_cmpxchg64` writes the current value back into
///   `iter->old_spte` ("so the caller operates on fresh data, e.g. if it retries
///   tdp_mmu_set_spte_atomic()", `__tdp_mmu_set_spte_atomic`), a `cmpxchg64` whose result is
///   dropped does not, and the retry fails forever. The in-place retry is no RET_PF_RETRY, so
///   `retries` does not bound it.
///
/// Presets: `upstream` (read lock, cmpxchg) holds; `plain-store` (read lock, plain store) is
/// violated; `write-lock-store` (write lock, plain store) holds; `retry-forever` (upstream,
/// retrying forever) holds; `stale-retry` violates `fault_completes` (a 9-step stem, a 1-step loop).
public enum TDPSharedFault {
    /// The model.
    public static let model = ProtocolModel(
        "tdp-shared-fault",
        summary: "vCPUs linking the same page-table page under mmu_lock for read (TDP MMU)",
        flags: [
            .choice("fault_lock", ["read", "write"], default: "read", "mmu_lock mode of the fault"),
            .choice("install", ["cmpxchg", "store"], default: "cmpxchg",
                    "how the non-leaf SPTE is written: tdp_mmu_set_spte_atomic or a plain store"),
            .choice("lost_link", ["fault_again", "stale_in_place"], default: "fault_again",
                    "a lost cmpxchg: free the page and return RET_PF_RETRY (kvm_tdp_mmu_map), or retry the cmpxchg in place "
                    + "with the old_spte read before it (a cmpxchg that does not write the current value back)"),
            FaultRetry.flag,
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
            Preset("retry-forever", ["retry": "forever"], expected: .holds,
                   kernel: .release("v5.12", "9a77daacc87d", "a2855afc7ee8"),
                   "RET_PF_RETRY faults again until the fault completes: the loser's next walk finds the winner's page table"),
            Preset("stale-retry", ["retry": "forever", "lost_link": "stale_in_place"], expected: .violated,
                   kernel: .noRelease("a broken variant: try_cmpxchg64 refreshes iter->old_spte for in-place retries",
                                      builtFrom: "9a77daacc87d"),
                   "the loser retries its cmpxchg in place with the stale old_spte, which fails forever: it spins under mmu_lock"),
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
        let forever = FaultRetry.forever(cfg)
        let staleInPlace = cfg.choice("lost_link") == "stale_in_place"
        Process("vcpu", instances: cfg.param("vcpus"), fairness: forever ? .weak : .none) {
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
                        if staleInPlace {
                            // The broken retry: goto retry with iter.old_spte as it was, so the
                            // cmpxchg compares against the same stale value again.
                            Goto("fault.install")
                        }
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
                // RET_PF_RETRY: the guest faults again, a new walk from the root.
                FaultRetry.again(cfg, when: result == "retry", attempts: attempts, from: "fault.lock")
            }
        }

        Invariant("installed_sp_linked", forAll: "vcpu") { v in
            v.local("linked") ==> (spte == v.local("sp"))
        }

        if forever {
            let vcpus = cfg.param("vcpus")
            Liveness("fault_completes_alone", forAll: "vcpu") { v in
                LeadsTo(v.at("fault.lock") && FaultRetry.finished("vcpu", (0..<vcpus).filter { $0 != v.index }), v.finished)
            }
            Liveness("fault_completes", forAll: "vcpu") { v in Eventually(v.finished) }
        }
    }
}
