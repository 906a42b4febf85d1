import ProtocolDSL

/// `gfn-invalidate`: v6.8's gfn-based MMU-notifier invalidation across two memslots and three
/// gfns, racing vCPU page faults that resolved their pfn before the host changed the mapping.
///
/// Kernel paths (v6.8, read at 8569992d64b8, "KVM: Use gfn instead of hva for
/// mmu_notifier_retry"):
/// - `kvm_mmu_notifier_invalidate_range_start` (virt/kvm/kvm_main.c): `mn_active_invalidate_count++`
///   under `mn_invalidate_lock`, then `__kvm_handle_hva_range`, which walks the memslots
///   overlapping the hva range (`kvm_for_each_memslot_in_hva_range`) and, at the first one only,
///   takes mmu_lock for write (`KVM_MMU_LOCK`) and calls `on_lock` = `kvm_mmu_invalidate_begin`
///   (`mmu_invalidate_in_progress++`; on the first invalidation the range is set to the
///   `INVALID_GPA` sentinel). For each overlapping memslot the handler `kvm_mmu_unmap_gfn_range`
///   calls `kvm_mmu_invalidate_range_add(kvm, range->start, range->end)` with the memslot's gfn
///   range (the first range is stored, later ones merged with min/max), then
///   `kvm_unmap_gfn_range`. `flush_on_ret`: `kvm_flush_remote_tlbs`, then `KVM_MMU_UNLOCK`.
///   A range that overlaps no memslot takes neither mmu_lock nor the count.
/// - The primary MMU's PTE change.
/// - `kvm_mmu_notifier_invalidate_range_end`: `__kvm_handle_hva_range` with `on_lock` =
///   `kvm_mmu_invalidate_end` (`mmu_invalidate_seq++; smp_wmb(); mmu_invalidate_in_progress--`),
///   again only when a memslot overlaps, then `mn_active_invalidate_count--`.
/// - The fault (arch/x86/kvm/mmu/mmu.c): `kvm_faultin_pfn` (`fault->mmu_seq =
///   kvm->mmu_invalidate_seq; smp_rmb();`, then `__kvm_faultin_pfn` -> `__gfn_to_pfn_memslot`),
///   `read_lock(&kvm->mmu_lock)` in `kvm_tdp_mmu_page_fault` (`write_lock` in `direct_page_fault`,
///   the legacy MMU), `is_page_fault_stale` -> `mmu_invalidate_retry_gfn(kvm, fault->mmu_seq,
///   fault->gfn)` (include/linux/kvm_host.h: with an invalidation in progress, retry when the range
///   is still `INVALID_GPA` or `start <= gfn < end`; retry when the seq moved), then
///   `kvm_tdp_mmu_map` / `direct_map`, unlock, `kvm_release_pfn_clean`.
/// - Where the unmap yields (`unmap_yields`): with the TDP MMU (`fault_lock=read`),
///   `kvm_unmap_gfn_range` -> `kvm_tdp_mmu_unmap_gfn_range` -> `tdp_mmu_zap_leafs(kvm, root,
///   range->start, range->end, range->may_block, flush)`, which before each SPTE it visits calls
///   `tdp_mmu_iter_cond_resched`: after forward progress (`next_last_level_gfn != yielded_gfn`,
///   seeded with the walk's start), when `need_resched() || rwlock_needbreak(&kvm->mmu_lock)`, it
///   flushes and drops and retakes mmu_lock (`cond_resched_rwlock_write`). The walk is one call
///   per memslot, so it yields between two gfns of one memslot's range, never before a memslot's
///   first gfn. Whether the scheduler or a waiter asks is not modelled: a nondeterministic
///   choice (`inv.unmap`'s `resched`). With the legacy MMU (`fault_lock=write`) the unmap is
///   `kvm_handle_gfn_range(kvm, range, kvm_zap_rmap)`, which never yields: no yield step.
///
/// Scene (stated, not hidden):
/// - Host pages hva 0..3, mapping pfn 1..4 at the start. Memslot 0 maps gfn 0 to hva 0;
///   memslot 1 maps gfn 4 and 5 to hva 1 and 2 (so a gfn is not its hva); hva 3 is in no
///   memslot. The model numbers the three guest pages 0, 1, 2 (gfn 0, 4, 5; hva 0, 1, 2): the
///   SPTE of page `i` is `spte_pfn[i]` (0: not present), and vCPU `i` faults on page
///   `gfn_index`, a data choice of the initial state.
/// - Invalidator `i` invalidates the three-page hva range `[lo, min(lo + 3, 4))`, `lo` in 0...3
///   chosen in the initial state: both memslots (`[0, 3)`: two `range_add` calls, gfn [0, 1)
///   then [4, 6), and the TDP unmap may yield between gfn 4 and 5), memslot 1 and no memslot
///   (`[1, 4)`, `[2, 4)`), or no memslot (`[3, 4)`). Shorter ranges (each a part of one of
///   these) are left out to keep the state space small: a bug that needs one is not searched
///   for. The host then points each hva of the range at a fresh pfn (`5 + 3i + k` for its k-th page) and frees the old page; the
///   pages of one range change in one step (a fault reads one hva, so splitting the step adds no
///   outcome a single fault can see).
/// - The SPTE of a page is the pfn it maps; `kvm_unmap_gfn_range` clears it (one `inv.unmap`
///   step per page), TLB flushes are folded into the steps that zap.
/// - `mn_active_invalidate_count` is kept (`mn_active_invalidate_count`), incremented in
///   `inv.start` and decremented in the step that ends the invalidation; nothing here reads it
///   (its readers, memslot updates and pfn caches, are not modelled).
/// - `kvm_mmu_invalidate_end` runs under the write lock, so its `seq++; count--` is one step.
/// - `INVALID_GPA` (`~0ull`) is 0xff here, above every gfn.
/// - The kernel retries a fault forever; with `retry=bounded` (the default, which the safety
///   presets use) a vCPU faults again at most `retries` times, with `retry=forever` until the
///   fault maps (`FaultRetry`).
/// - Progress (liveness), declared with `retry=forever` only, as in `notifier-invalidate`:
///   `fault_completes_alone` (vcpu: an attempt that begins once every invalidation is over maps
///   its SPTE), `fault_completes` (vcpu) and `invalidation_completes` (invalidator). The vCPUs
///   are weakly fair (once the invalidations are over nothing else takes `mmu_lock`); the
///   invalidators strongly fair, for notifier-invalidate's reason: their write acquires
///   (`inv.start_lock`, `inv.resched_lock`, `inv.end_lock`) are disabled whenever a retrying
///   vCPU holds `mmu_lock` for read, and the kernel's qrwlock makes new readers queue behind a
///   waiting writer. Measured: with weakly fair invalidators `retry-forever` violates
///   `fault_completes` and `invalidation_completes` (an 8-step stem, a 5-step loop of retries
///   while the invalidator waits for the write lock), with strong ones all three hold. The same
///   gap as notifier-invalidate's: at 2 vCPUs under the read lock two retrying readers keep
///   `mmu_lock` from ever being free (violated, 11+10 steps), which qrwlock forbids; with
///   `fault_lock=write` all three hold at 2 vCPUs.
/// - Flags: `range_merge` replaces the min/max merge of `kvm_mmu_invalidate_range_add` by an
///   overwrite; `range_add_first` false moves the `range_add` after the memslot's unmap (a
///   plausible reordering of `kvm_mmu_unmap_gfn_range`); both are broken variants, not releases.
public enum GFNInvalidate {
    /// `INVALID_GPA` in the model: above every gfn of the scene.
    public static let invalidGPA: Int64 = 0xff
    /// The host pages (hva 0..<hostPages); the last one is in no memslot.
    public static let hostPages: Int64 = 4
    /// The guest pages the model numbers 0, 1, 2: their gfns.
    public static let gfns: [Int64] = [0, 4, 5]

    /// The model.
    public static let model = ProtocolModel(
        "gfn-invalidate",
        summary: "v6.8 gfn-based invalidate_range_start/end over two memslots vs. vCPU faults (mmu_invalidate_retry_gfn)",
        flags: [
            .choice("fault_lock", ["read", "write"], default: "read",
                    "mmu_lock mode of the fault: read (TDP MMU) or write (legacy MMU)"),
            .bool("range_merge", default: true,
                  "kvm_mmu_invalidate_range_add merges a range into the running one (min/max) instead of overwriting it"),
            .bool("range_add_first", default: true,
                  "kvm_mmu_unmap_gfn_range adds the memslot's gfn range before the unmap (false: after it)"),
            .bool("unmap_yields", default: true,
                  "the TDP unmap (tdp_mmu_zap_leafs with may_block) may drop and retake mmu_lock between two gfns "
                  + "of a memslot (tdp_mmu_iter_cond_resched); the legacy rmap unmap never yields"),
            FaultRetry.flag,
        ],
        parameters: [
            ParameterDecl("vcpus", default: 1, range: 1...16, "vCPUs, each faulting on one of the three guest pages"),
            ParameterDecl("invalidators", default: 1, range: 1...8, "concurrent host invalidations"),
            ParameterDecl("retries", default: 1, range: 0...4, "how many times a vCPU faults again after RET_PF_RETRY"),
        ],
        presets: [
            Preset("upstream", ["fault_lock": "read", "range_merge": "true", "range_add_first": "true",
                                "unmap_yields": "true", "invalidators": "1"],
                   expected: .holds, kernel: .release("v6.8", "8569992d64b8"),
                   "begin sets INVALID_GPA, range_add per overlapping memslot merges min/max, mmu_invalidate_retry_gfn"),
            Preset("range-overwrite", ["fault_lock": "read", "range_merge": "false", "range_add_first": "true",
                                       "unmap_yields": "true", "invalidators": "1"],
                   expected: .violated,
                   kernel: .noRelease("a broken variant: 8569992d64b8 merges with min/max", builtFrom: "8569992d64b8"),
                   "a range over two memslots keeps only the second memslot's gfns"),
            Preset("add-after-unmap", ["fault_lock": "read", "range_merge": "true", "range_add_first": "false",
                                       "unmap_yields": "true", "invalidators": "1"],
                   expected: .violated,
                   kernel: .noRelease("a broken variant: 8569992d64b8 adds the range before the unmap",
                                      builtFrom: "8569992d64b8"),
                   "the second memslot's unmap yields before its range is added, beside the first memslot's range"),
            Preset("retry-forever", ["retry": "forever", "invalidators": "1"],
                   expected: .holds, kernel: .release("v6.8", "8569992d64b8"),
                   "RET_PF_RETRY faults again until the fault maps; each attempt snapshots the seq, so once the invalidation is over it maps"),
        ]
    ) { cfg in
        let invalid = Expr.int(Self.invalidGPA)
        let seq = Global("mmu_invalidate_seq", .u64)
        let count = Global("mmu_invalidate_in_progress", .i64)
        let rangeStart = Global("mmu_invalidate_range_start", .u8)
        let rangeEnd = Global("mmu_invalidate_range_end", .u8)
        let mnActive = Global("mn_active_invalidate_count", .u8)
        let hostPfn = GlobalArray("host_pfn", .u8, count: Int(Self.hostPages), initial: .elements([1, 2, 3, 4]))
        let spte = GlobalArray("spte_pfn", .u8, count: Self.gfns.count, initial: .elements([0, 0, 0]))
        let mmuLock = RWLock("mmu_lock")
        seq
        count
        rangeStart
        rangeEnd
        mnActive
        hostPfn
        spte
        mmuLock

        // The guest page the fault is on: its gfn (page 0 is gfn 0 in memslot 0, pages 1 and 2
        // are gfn 4 and 5 in memslot 1); its hva is its page number.
        let page = Local("gfn_index", .u8, initial: .any(lo: 0, hi: Int64(Self.gfns.count - 1)))
        let mmuSeq = Local("mmu_seq", .u64)
        let pfn = Local("pfn", .u8)
        let retry = Local("retry", .bool)
        let attempts = Local("attempts", .u8)
        let faultGFN: Expr = ite(page == 0, 0, page + 3)
        let forever = FaultRetry.forever(cfg)
        Process("vcpu", instances: cfg.param("vcpus"), fairness: forever ? .weak : .none) {
            page
            mmuSeq
            pfn
            retry
            attempts
            Step("fault.snapshot_seq") {
                // kvm_faultin_pfn: fault->mmu_seq = vcpu->kvm->mmu_invalidate_seq; smp_rmb();
                mmuSeq <- seq
                retry <- false
            }
            Step("fault.gup") {
                // __kvm_faultin_pfn -> __gfn_to_pfn_memslot: the host's current pfn of the hva.
                pfn <- hostPfn[page]
            }
            // kvm_tdp_mmu_page_fault: read_lock; direct_page_fault (legacy MMU): write_lock.
            Acquire("fault.lock", mmuLock, cfg.lockMode("fault_lock"))
            Step("fault.retry_check") {
                // is_page_fault_stale -> mmu_invalidate_retry_gfn(kvm, fault->mmu_seq, fault->gfn).
                let sentinel: Expr = rangeStart == invalid || rangeEnd == invalid
                let inRange: Expr = rangeStart <= faultGFN && faultGFN < rangeEnd
                If((count != 0 && (sentinel || inRange)) || seq != mmuSeq) {
                    retry <- true
                    Goto("fault.unlock")
                }
            }
            Step("fault.map") {
                // kvm_tdp_mmu_map / direct_map: the SPTE of the page maps pfn.
                spte[page] <- pfn
            }
            Step("fault.unlock") {
                // out_unlock: unlock, kvm_release_pfn_clean; RET_PF_RETRY faults again.
                Release(mmuLock)
                FaultRetry.again(cfg, when: retry, attempts: attempts, from: "fault.snapshot_seq")
            }
        }

        // The hva range [lo, hi) of invalidator i, hi = min(lo + 3, 4): a scene choice.
        let lo = Local("lo", .u8, initial: .any(lo: 0, hi: Self.hostPages - 1))
        let hi = Local("hi", .u8)
        let slot = Local("slot", .u8)
        let cur = Local("cur", .u8)
        let resched = Local("resched", .u8)
        // TDP MMU only: the legacy unmap (kvm_handle_gfn_range over rmaps) never yields.
        let yields = cfg.flag("unmap_yields") && cfg.choice("fault_lock") == "read"
        let addFirst = cfg.flag("range_add_first")
        // Memslot s: hva [slotLo, slotHi) (memslot 0: hva 0..<1 at gfn 0; memslot 1: hva 1..<3
        // at gfn 4). The overlap of [lo, hi) with the current memslot:
        let slotLo: Expr = ite(slot == 0, 0, 1)
        let slotHi: Expr = ite(slot == 0, 1, 3)
        let overlapLo: Expr = ite(lo > slotLo, lo, slotLo)
        let overlapHi: Expr = ite(hi < slotHi, hi, slotHi)
        // hva_to_gfn_memslot: base_gfn + (hva - userspace_addr).
        let gfnStart: Expr = ite(slot == 0, overlapLo, overlapLo + 3)
        let gfnEnd: Expr = ite(slot == 0, overlapHi, overlapHi + 3)
        let unmapStep = addFirst ? "inv.range_add" : "inv.unmap_begin"
        // After a memslot: the next overlapping one (memslot 1 when the range reaches hva 1), or done.
        let nextSlot: Stmt = If(slot == 0 && hi > 1) {
            slot <- 1
            Goto(unmapStep)
        } else: {
            Goto("inv.start_unlock")
        }
        Process("invalidator", instances: cfg.param("invalidators"), fairness: forever ? .strong : .none) {
            lo
            hi
            slot
            cur
            if yields { resched }
            Step("inv.start") {
                // kvm_mmu_notifier_invalidate_range_start: mn_active_invalidate_count++ under
                // mn_invalidate_lock; __kvm_handle_hva_range finds the first memslot overlapping
                // [lo, hi) (hva 3 is in none: no lock, no count).
                mnActive <- mnActive + 1
                hi <- ite(lo + 3 > Expr.int(Self.hostPages), Expr.int(Self.hostPages), lo + 3)
                If(lo >= 3) { Goto("inv.host_update") }
                slot <- ite(lo < 1, 0, 1)
            }
            // __kvm_handle_hva_range: KVM_MMU_LOCK(kvm) at the first overlapping memslot.
            Acquire("inv.start_lock", mmuLock, .exclusive)
            Step("inv.begin") {
                // on_lock: kvm_mmu_invalidate_begin.
                count <- count + 1
                If(count == 1) {
                    rangeStart <- invalid
                    rangeEnd <- invalid
                }
            }
            let rangeAdd = Step("inv.range_add") {
                // kvm_mmu_unmap_gfn_range -> kvm_mmu_invalidate_range_add(kvm, range->start, range->end).
                if cfg.flag("range_merge") {
                    If(rangeStart == invalid) {
                        rangeStart <- gfnStart
                        rangeEnd <- gfnEnd
                    } else: {
                        rangeStart <- ite(gfnStart < rangeStart, gfnStart, rangeStart)
                        rangeEnd <- ite(gfnEnd > rangeEnd, gfnEnd, rangeEnd)
                    }
                } else {
                    rangeStart <- gfnStart
                    rangeEnd <- gfnEnd
                }
                if addFirst {
                    cur <- overlapLo
                } else {
                    nextSlot
                }
            }
            if addFirst { rangeAdd }
            if !addFirst {
                Step("inv.unmap_begin") {
                    // The broken order: kvm_unmap_gfn_range first; the walk starts at the overlap.
                    cur <- overlapLo
                }
            }
            Step("inv.unmap") {
                // kvm_unmap_gfn_range -> kvm_tdp_mmu_unmap_gfn_range -> tdp_mmu_zap_leafs: the leaf
                // SPTE of page cur (hva cur) becomes SHADOW_NONPRESENT_VALUE.
                spte[cur] <- 0
                cur <- cur + 1
                If(cur < overlapHi) {
                    if yields {
                        // tdp_mmu_iter_cond_resched after forward progress: need_resched() ||
                        // rwlock_needbreak(&kvm->mmu_lock) is not modelled, it is chosen.
                        Choose(resched, in: 0...1)
                        If(resched == 1) { Goto("inv.resched_unlock") }
                    }
                    Goto("inv.unmap")
                }
                if addFirst {
                    nextSlot
                } else {
                    Goto("inv.range_add")
                }
            }
            if !addFirst { rangeAdd }
            if yields {
                Step("inv.resched_unlock") {
                    // kvm_flush_remote_tlbs (folded), then cond_resched_rwlock_write: write_unlock.
                    resched <- 0
                    Release(mmuLock)
                }
                Acquire("inv.resched_lock", mmuLock, .exclusive) {
                    // cond_resched_rwlock_write: write_lock; the walk goes on from the root.
                    Goto("inv.unmap")
                }
            }
            Step("inv.start_unlock") {
                // flush_on_ret: kvm_flush_remote_tlbs (folded); KVM_MMU_UNLOCK.
                Release(mmuLock)
            }
            Step("inv.host_update") {
                // The primary MMU points each hva of [lo, hi) at a fresh page and frees the old one.
                hostPfn[lo] <- selfIndex * 3 + 5
                If(hi > lo + 1) { hostPfn[lo + 1] <- selfIndex * 3 + 6 }
                If(hi > lo + 2) { hostPfn[lo + 2] <- selfIndex * 3 + 7 }
                // kvm_mmu_notifier_invalidate_range_end without an overlapping memslot: no lock,
                // then mn_active_invalidate_count--.
                If(lo >= 3) {
                    mnActive <- mnActive - 1
                    Terminate()
                }
            }
            // __kvm_handle_hva_range: KVM_MMU_LOCK at the first overlapping memslot.
            Acquire("inv.end_lock", mmuLock, .exclusive)
            Step("inv.end") {
                // on_lock: kvm_mmu_invalidate_end: seq++; smp_wmb(); in_progress--.
                seq <- seq + 1
                count <- count - 1
            }
            Step("inv.end_unlock") {
                // KVM_MMU_UNLOCK; then mn_active_invalidate_count-- under mn_invalidate_lock.
                Release(mmuLock)
                mnActive <- mnActive - 1
            }
        }

        Invariant("spte_coherent") {
            count == 0 ==> ((spte[0] == 0 || spte[0] == hostPfn[0])
                && (spte[1] == 0 || spte[1] == hostPfn[1])
                && (spte[2] == 0 || spte[2] == hostPfn[2]))
        }

        if forever {
            let invalidationsOver = FaultRetry.finished("invalidator", 0..<cfg.param("invalidators"))
            Liveness("fault_completes_alone", forAll: "vcpu") { v in
                LeadsTo(v.at("fault.snapshot_seq") && invalidationsOver, v.at("fault.map"))
            }
            Liveness("fault_completes", forAll: "vcpu") { v in Eventually(v.finished) }
            Liveness("invalidation_completes", forAll: "invalidator") { i in Eventually(i.finished) }
        }
    }
}
