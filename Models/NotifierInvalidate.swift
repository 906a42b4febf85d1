import ProtocolDSL

/// `notifier-invalidate`: host MMU-notifier invalidations race with a vCPU page fault that
/// resolved its pfn before the host changed the mapping.
///
/// Kernel paths (v5.15, virt/kvm/kvm_main.c, read at edb298c663fc):
/// `kvm_mmu_notifier_invalidate_range_start` (under `mmu_lock` for write: `kvm_inc_notifier_count`,
/// then `kvm_unmap_gfn_range`), the primary MMU's PTE change,
/// `kvm_mmu_notifier_invalidate_range_end` (under `mmu_lock` for write: `kvm_dec_notifier_count`);
/// the fault is `direct_page_fault` with `mmu_notifier_retry_hva` (include/linux/kvm_host.h).
/// The protocol is v5.12's: 4a42d848db95 added the in-progress range, its min/max merge and
/// `mmu_notifier_retry_hva`; v5.15 runs the same logic in `kvm_inc_notifier_count`.
///
/// Simplifications (stated, not hidden):
/// - Two host pages, hva 0 and hva 1, mapping pfn 1 and pfn 2 at the start. The vCPUs fault
///   on gfn 0, backed by hva 0. Invalidator `i` covers the one-page range `[lo, lo+1)`, where
///   `lo` (0 or 1) is a data choice of the initial state, and remaps it to the fresh pfn `3+i`
///   (the old page is freed).
/// - The SPTE of gfn 0 is the pfn it maps (0: not present).
/// - Both ranges lie in the one memslot, so the lock and the count are always taken; the kernel's
///   `__kvm_handle_hva_range` takes them only once a memslot overlaps the range (and counts
///   `mn_active_invalidate_count` apart), which no model here covers.
/// - The unmap never drops `mmu_lock`: the TDP unmap (`zap_gfn_range` with `may_block`) yields
///   only after progress, which a one-page range does not give it.
/// - `kvm_dec_notifier_count` runs under the write lock, so its `seq++; count--` is one step.
/// - The kernel retries a fault forever; with `retry=bounded` (the default, which the safety
///   presets use) a vCPU faults again at most `retries` times, with `retry=forever` until the
///   fault maps (`FaultRetry`). `snapshot_each_attempt=false` hoists the `mmu_notifier_seq`
///   snapshot out of the retry loop: the retry resumes at `fault.gup` with the old snapshot (a
///   plausible bug; the kernel snapshots on every entry to `direct_page_fault`).
///
/// Progress (liveness), declared with `retry=forever` only (a bounded vCPU always ends):
/// - `fault_completes_alone` (vcpu): an attempt that begins once every invalidation is over
///   (no invalidation concurrent with it, nor any later) maps its SPTE: `fault.snapshot_seq`
///   (or `fault.gup` with the hoisted snapshot) with every invalidator finished leads to
///   `fault.map`. Weak fairness of the vCPU is enough: with no invalidator left, nothing else
///   takes `mmu_lock`, so the vCPU stays enabled and must move.
/// - `fault_completes` (vcpu): every fault eventually completes (maps and returns).
/// - `invalidation_completes` (invalidator): every invalidate_range_start/end pair completes.
///
///   These two need the invalidators strongly fair: an invalidator waiting for `mmu_lock` in
///   write mode is disabled whenever a retrying vCPU holds it for read, so it is not
///   continuously enabled, and weak fairness would let it wait forever (with its count raised,
///   so the vCPU retries forever too). Strong fairness (enabled again and again, so it must take
///   the lock some time) is what the kernel's queued rwlock gives a waiting writer: new readers
///   queue behind it (kernel/locking/qrwlock.c, `queued_write_lock_slowpath` sets `_QW_WAITING`,
///   `queued_read_lock_slowpath` queues). Measured: SPIN on `retry-forever`'s export with the
///   invalidator's clause weakened to weak fairness finds an acceptance cycle for both
///   properties, and none with strong. The vCPUs need
///   only weak fairness: once the finitely many invalidations are over, a vCPU is enabled
///   throughout. The kernel promises nothing against a host that invalidates without pause;
///   this model's invalidators run once each.
///
///   A gap, measured: with 2 vCPUs under the read lock both properties are violated, because
///   two retrying vCPUs can take `mmu_lock` for read in turn so that it is never free, and an
///   invalidator's write acquire that is never enabled is owed nothing even under strong
///   fairness. The kernel's qrwlock forbids that (new readers queue behind the waiting writer);
///   the DSL's `RWLock` has no queue. So `retry-forever` holds at its 1 vCPU, and at 2 vCPUs
///   only with `fault_lock=write` (docs/kernel-history.md).
/// - Flags `retry_count` and `retry_seq` switch the two halves of `mmu_notifier_retry_hva`;
///   `range_check` switches the range test of its first half; `range_merge` replaces the
///   min/max merge of `kvm_inc_notifier_count` by an overwrite (a plausible mistake).
public enum NotifierInvalidate {
    /// The model.
    public static let model = ProtocolModel(
        "notifier-invalidate",
        summary: "host invalidate_range_start/end vs. a vCPU fault (mmu_notifier_retry_hva)",
        flags: [
            .choice("fault_lock", ["read", "write"], default: "read", "mmu_lock mode of the fault"),
            .bool("retry_count", default: true, "the retry check tests the in-progress count"),
            .bool("retry_seq", default: true, "the retry check compares the seq with the snapshot"),
            .bool("range_check", default: true, "the count test looks only at the in-progress range"),
            .bool("range_merge", default: true, "a nested start merges its range (min/max) instead of overwriting"),
            FaultRetry.flag,
            .bool("snapshot_each_attempt", default: true,
                  "each attempt snapshots mmu_notifier_seq (false: the snapshot is hoisted out of the retry loop)"),
        ],
        parameters: [
            ParameterDecl("vcpus", default: 1, range: 1...16, "vCPUs faulting on gfn 0"),
            ParameterDecl("invalidators", default: 1, range: 1...8, "concurrent host invalidations"),
            ParameterDecl("retries", default: 1, range: 0...4, "how many times a vCPU faults again after RET_PF_RETRY"),
        ],
        presets: [
            Preset("upstream", ["fault_lock": "read", "retry_count": "true", "retry_seq": "true",
                                "range_check": "true", "range_merge": "true", "invalidators": "2"],
                   expected: .holds, kernel: .release("v5.12", "4a42d848db95"),
                   "kvm_inc/dec_notifier_count (as of edb298c663fc) and mmu_notifier_retry_hva"),
            Preset("no-retry", ["fault_lock": "read", "retry_count": "false", "retry_seq": "false",
                                "range_check": "true", "range_merge": "true", "invalidators": "1"],
                   expected: .violated, kernel: .noRelease("a broken variant"),
                   "the fault never checks for a concurrent invalidation"),
            Preset("count-only", ["fault_lock": "read", "retry_count": "true", "retry_seq": "false",
                                  "range_check": "true", "range_merge": "true", "invalidators": "1"],
                   expected: .violated, kernel: .noRelease("a broken variant"),
                   "a whole invalidation between the pfn lookup and the check is missed"),
            Preset("seq-only", ["fault_lock": "read", "retry_count": "false", "retry_seq": "true",
                                "range_check": "true", "range_merge": "true", "invalidators": "1"],
                   expected: .violated, kernel: .noRelease("a broken variant"),
                   "a fault inside start..end maps a page about to be freed"),
            Preset("range-overwrite", ["fault_lock": "read", "retry_count": "true", "retry_seq": "true",
                                       "range_check": "true", "range_merge": "false", "invalidators": "2"],
                   expected: .violated,
                   kernel: .noRelease("a broken variant: 4a42d848db95 merges with min/max", builtFrom: "4a42d848db95"),
                   "a nested start overwrites the range and hides the first one"),
            Preset("retry-forever", ["retry": "forever", "invalidators": "1"],
                   expected: .holds, kernel: .release("v5.12", "4a42d848db95"),
                   "RET_PF_RETRY faults again until the fault maps; each attempt snapshots the seq, so once the invalidations are over it maps"),
            Preset("snapshot-once", ["retry": "forever", "snapshot_each_attempt": "false", "invalidators": "1"],
                   expected: .violated, kernel: .noRelease("a broken variant: the seq snapshot hoisted out of the retry loop"),
                   "one invalidation between the snapshot and the check makes every later retry check fail: the fault retries forever"),
        ]
    ) { cfg in
        let seq = Global("mmu_notifier_seq", .u64)
        let count = Global("mmu_notifier_count", .i64)
        let rangeStart = Global("mmu_notifier_range_start", .u64)
        let rangeEnd = Global("mmu_notifier_range_end", .u64)
        let hostPfn = GlobalArray("host_pfn", .u64, count: 2, initial: .elements([1, 2]))
        let spte = Global("spte_pfn", .u64)
        let mmuLock = RWLock("mmu_lock")
        seq
        count
        rangeStart
        rangeEnd
        hostPfn
        spte
        mmuLock

        let mmuSeq = Local("mmu_seq", .u64)
        let pfn = Local("pfn", .u64)
        let retry = Local("retry", .bool)
        let attempts = Local("attempts", .u8)
        let forever = FaultRetry.forever(cfg)
        let eachAttempt = cfg.flag("snapshot_each_attempt")
        // Where a retry resumes: the snapshot (kvm_mmu_page_fault -> direct_page_fault again), or,
        // with the snapshot hoisted, the pfn lookup.
        let attemptStart = eachAttempt ? "fault.snapshot_seq" : "fault.gup"
        Process("vcpu", instances: cfg.param("vcpus"), fairness: forever ? .weak : .none) {
            mmuSeq
            pfn
            retry
            attempts
            Step("fault.snapshot_seq") {
                // direct_page_fault: mmu_seq = kvm->mmu_notifier_seq; smp_rmb();
                mmuSeq <- seq
                retry <- false
            }
            Step("fault.gup") {
                // kvm_faultin_pfn -> hva_to_pfn: the host's current pfn of hva 0.
                pfn <- hostPfn[0]
                if !eachAttempt { retry <- false }
            }
            Acquire("fault.lock", mmuLock, cfg.lockMode("fault_lock"))
            Step("fault.retry_check") {
                // mmu_notifier_retry_hva(kvm, mmu_seq, hva) with hva = 0.
                let inRange: Expr = cfg.flag("range_check") ? (rangeStart <= 0 && 0 < rangeEnd) : true
                let countHit: Expr = cfg.flag("retry_count") ? (count != 0 && inRange) : false
                let seqHit: Expr = cfg.flag("retry_seq") ? (seq != mmuSeq) : false
                If(countHit || seqHit) {
                    retry <- true
                    Goto("fault.unlock")
                }
            }
            Step("fault.map") {
                // kvm_tdp_mmu_map / __direct_map: the SPTE of gfn 0 maps pfn.
                spte <- pfn
            }
            Step("fault.unlock") {
                Release(mmuLock)
                // RET_PF_RETRY: kvm_mmu_page_fault returns to the guest, which faults again.
                FaultRetry.again(cfg, when: retry, attempts: attempts, from: attemptStart)
            }
        }

        // The range of invalidator i: [lo, lo + 1), lo chosen by the checker (a scene choice).
        let lo = Local("lo", .u64, initial: .any(lo: 0, hi: 1))
        Process("invalidator", instances: cfg.param("invalidators"), fairness: forever ? .strong : .none) {
            lo
            Acquire("inv.start_lock", mmuLock, .exclusive)
            Step("inv.begin") {
                // kvm_inc_notifier_count(kvm, start, end)
                count <- count + 1
                if cfg.flag("range_merge") {
                    If(count == 1) {
                        rangeStart <- lo
                        rangeEnd <- lo + 1
                    } else: {
                        rangeStart <- ite(lo < rangeStart, lo, rangeStart)
                        rangeEnd <- ite(lo + 1 > rangeEnd, lo + 1, rangeEnd)
                    }
                } else {
                    rangeStart <- lo
                    rangeEnd <- lo + 1
                }
            }
            Step("inv.unmap") {
                // kvm_unmap_gfn_range: zap the SPTE of gfn 0 when hva 0 is in the range.
                If(lo == 0) {
                    spte <- 0
                }
            }
            Step("inv.start_unlock") {
                Release(mmuLock)
            }
            Step("inv.host_update") {
                // The primary MMU points hva lo at a fresh page and frees the old one.
                hostPfn[lo] <- selfIndex + 3
            }
            Acquire("inv.end_lock", mmuLock, .exclusive)
            Step("inv.end") {
                // kvm_dec_notifier_count: seq++; smp_wmb(); count--;
                seq <- seq + 1
                count <- count - 1
            }
            Step("inv.end_unlock") {
                Release(mmuLock)
            }
        }

        Invariant("spte_coherent") {
            count == 0 ==> (spte == 0 || spte == hostPfn[0])
        }

        if forever {
            let invalidationsOver = FaultRetry.finished("invalidator", 0..<cfg.param("invalidators"))
            Liveness("fault_completes_alone", forAll: "vcpu") { v in
                LeadsTo(v.at(attemptStart) && invalidationsOver, v.at("fault.map"))
            }
            Liveness("fault_completes", forAll: "vcpu") { v in Eventually(v.finished) }
            Liveness("invalidation_completes", forAll: "invalidator") { i in Eventually(i.finished) }
        }
    }
}
