import ProtocolDSL

/// `apic-access-zap`: a vCPU page fault on the APIC access page races with the APICv inhibit's
/// `kvm_zap_gfn_range` (the race Sean Christopherson described on 2021-07-22). It was fixed for
/// v5.15 by two commits of one series: 5a324c24b638, the revert of 6103bc074048, makes the zap
/// take mmu_lock for write again, and edb298c663fc brackets the zap with
/// `kvm_inc/dec_notifier_count`. That fixed the TDP MMU (`v5.15-tdp`). The legacy MMU stayed
/// racy (`v5.15-legacy`): its rmap zap yields between levels and the bump's gfn range never
/// covers the fault's hva, until 6d3085e4d89a (v6.1) passed (0, ~0) (`upstream` with
/// `fault_lock=write`); `docs/v5.15-legacy-mmu.md` has the counterexample and the proofs.
/// `docs/citations.md` lists every kernel reference checked.
///
/// Kernel paths (v5.15): the fault is `direct_page_fault` (snapshot `mmu_notifier_seq`,
/// `kvm_faultin_pfn`, take `mmu_lock`, `mmu_notifier_retry_hva`, `kvm_tdp_mmu_map` /
/// `__direct_map`); the inhibit is `kvm_request_apicv_update`, which under
/// `apicv_update_lock` (b0a1637f64b0) raises `KVM_REQ_APICV_UPDATE` on every vCPU, stores the
/// new inhibit reasons and calls `kvm_zap_gfn_range(kvm, gfn, gfn + 1)` for the APIC gfn; a vCPU
/// services the request in `vcpu_enter_guest` -> `kvm_vcpu_update_apicv`, under the same lock.
///
/// Simplifications (stated, not hidden):
/// - One guest page, the APIC access gfn 0xfee00; its SPTE is a Boolean (present or not).
/// - The notifier range (`zap_range`). With `all`, v6.1's (0, ~0) (6d3085e4d89a), the range
///   covers every hva, so the range part of `mmu_notifier_retry_hva` is true and the count test
///   reduces to `count != 0` (no range variables). With `gfn`, v5.15's (edb298c663fc),
///   `kvm_inc_notifier_count` stores the zap's gfn range [0xfee00, 0xfee01) in
///   `mmu_notifier_range_start/end` and `mmu_notifier_retry_hva` compares the fault's hva with
///   it; the hva is a constant, `apicHVA` (page 2 of the host map, where KVMMMU's scene puts the
///   page; a kernel hva is a byte address, which is no nearer the gfn range), so the count part
///   never matches and only the seq part can make the fault retry.
/// - One inhibit, never cleared: "APICv stays inactive" holds for the rest of every execution.
/// - The APICv request protocol (`apicv_request`, b0a1637f64b0). With it, the inhibit takes
///   `apicv_update_lock` and raises `KVM_REQ_APICV_UPDATE` on every vCPU (`inhibit.kick`) before
///   it stores the reasons, and drops the lock only after the zap returned (`inhibit.done`); a
///   vCPU checks for the request each time it enters the guest (`vcpu.enter_guest`, before each
///   fault) and services it in `kvm_vcpu_update_apicv` (`vcpu.update_apicv`), which blocks on the
///   lock. The kick's IPI (`KVM_REQUEST_WAIT`: wait for the vCPUs in guest mode to exit) is folded
///   into the request: a vCPU here is in guest mode only between `vcpu.enter_guest` and its
///   fault, which begins with a VM exit, so a kick in between commutes with the fault's first
///   step. `apicv_update_lock` is a mutex (v5.15; a rwsem taken for read by vCPUs since
///   187c8833def8, which a vCPU taking and dropping it in one step cannot tell apart).
///   `kvm_vcpu_update_apicv`'s refresh of the vCPU's own APICv state is not modelled: the fault
///   reads the VM's (`kvm_apicv_activated(vcpu->kvm)` in `kvm_faultin_pfn`). Without the flag
///   (the default, which every preset keeps) neither the kick nor the lock is modelled. The kick
///   holds off vCPUs that re-enter the guest, never a fault already past `kvm_faultin_pfn`, so it
///   turns no broken preset safe (`docs/kernel-history.md`).
/// - `kvm_dec_notifier_count` is split into its two stores (`seq++`, then `count--`), which is
///   what a fault running concurrently under a shared `mmu_lock` can observe.
/// - Where the zap drops `mmu_lock` (`zap_yields`). The walk is the fault's MMU's, as in v5.15's
///   `kvm_zap_gfn_range` (rmaps when `kvm_memslots_have_rmaps`, else the TDP MMU's roots):
///   - TDP MMU (`fault_lock=read`): `zap_gfn_range` yields only in `tdp_mmu_iter_cond_resched`,
///     and only after forward progress (`next_last_level_gfn != yielded_gfn`; `tdp_iter_start`
///     seeds `yielded_gfn` with the walk's first gfn). Within one gfn the walk moves past the
///     gfn only by ending, so the TDP zap of the APIC page never yields: no step for it.
///   - Legacy MMU (`fault_lock=write`): `slot_handle_level_range(..., PG_LEVEL_4K,
///     KVM_MAX_HUGEPAGE_LEVEL, ..., flush_on_yield=true, ...)` visits the gfn's rmap at the 4K,
///     2M and 1G levels, and after each one yields when `need_resched() ||
///     rwlock_needbreak(&mmu_lock)` (`cond_resched_rwlock_write`: unlock, maybe schedule,
///     relock). Whether a CPU needs to reschedule or a waiter spins is not modelled: the
///     condition is a nondeterministic choice (`zap.clear_spte`'s `resched`), taken at every
///     level. The APIC page is mapped at 4K, so only the 4K rmap holds its SPTE; the 2M and 1G
///     rmaps are empty but still end in the yield check.
///   With `zap_yields=false` the zap never drops `mmu_lock` part-way (the model before issue 14).
///   TLB flushes (also `flush_on_yield`'s flush before a yield) are folded into `zap.clear_spte`.
/// - The kernel retries a fault forever; with `retry=bounded` (the default, which the safety
///   presets use) a vCPU faults again at most `retries` times and then gives up, so every
///   execution is finite; with `retry=forever` until the fault completes (`FaultRetry`).
///   `faultin_each_attempt=false` hoists the pre-lock half of the fault (the `mmu_notifier_seq`
///   snapshot and `kvm_faultin_pfn` with its APICv test) out of the retry loop: a retry re-takes
///   `mmu_lock` at `fault.lock` with the first attempt's snapshot and memslot verdict, as an
///   in-kernel loop around the locked section would (a plausible bug; `kvm_mmu_page_fault`
///   returns to the guest on RET_PF_RETRY, and the guest's next access enters
///   `direct_page_fault` afresh; the kernel's own in-kernel loop, `kvm_tdp_map_page` for
///   KVM_PRE_FAULT_MEMORY, reruns the whole `kvm_mmu_do_page_fault` each round).
///
/// Progress (liveness), declared with `retry=forever` only (a bounded vCPU always ends):
/// - `fault_completes_alone` (vcpu): an attempt that begins once the inhibit is over (no zap
///   concurrent with it, nor any later) completes: from its first step (`fault.snapshot_seq`,
///   `fault.memslot` with `seq_before_slot=false`, `vcpu.enter_guest` with `apicv_request`,
///   `fault.lock` with the hoisted faultin) with the inhibit finished, the vCPU ends, which with
///   `retry=forever` it does only when a fault returned other than RET_PF_RETRY (here: it
///   emulates, since APICv is inactive).
/// - `fault_completes` (vcpu): every fault eventually maps or emulates.
/// - `inhibit_completes` (inhibit): the inhibit's `kvm_zap_gfn_range` returns and the inhibit
///   (`kvm_request_apicv_update`) completes.
///
///   Fairness: weak for both kinds (what the scheduler gives a runnable thread), measured to be
///   more than the presets need: in `retry-forever` every execution is finite (the vCPU can
///   retry only after the zap bumped the notifier, `count != 0` or `seq` moved, both after
///   `inhibit.set`, and the attempt that begins then emulates at `fault.memslot`), so with both
///   kinds' fairness removed all three still hold (1 and 2 vCPUs, TDP and legacy, with and
///   without `apicv_request`). In `faultin-once` the TDP zap never drops `mmu_lock` part-way,
///   so `inhibit_completes` holds under weak fairness too. One override needs more:
///   `faultin-once --set fault_lock=write` (the legacy zap, which may yield between rmap levels
///   with the count raised) violates `inhibit_completes`, because the vCPU retrying forever
///   under the write lock keeps the zap's re-acquire disabled at every other step; with the
///   inhibit strongly fair it holds, which is what the kernel's queued rwlock gives a waiting
///   writer (as in `notifier-invalidate`). No preset depends on it, so the inhibit stays
///   weakly fair.
public enum APICAccessZap {
    /// The APIC access page's hva in the model and in KVMMMU's scene (the host page after the
    /// scene's two RAM pages), compared with the notifier range when `zap_range=gfn`.
    public static let apicHVA: Int64 = 2
    /// The APIC access gfn, `gpa_to_gfn(APIC_DEFAULT_PHYS_BASE)`: the zap's range is [gfn, gfn + 1).
    public static let apicGFN: Int64 = 0xfee00
    /// The rmap levels `slot_handle_level_range` visits for the legacy zap: `PG_LEVEL_4K` (1) to
    /// `KVM_MAX_HUGEPAGE_LEVEL` (`PG_LEVEL_1G`, 3).
    public static let rmapLevels: ClosedRange<Int64> = 1...3

    /// The model.
    public static let model = ProtocolModel(
        "apic-access-zap",
        summary: "vCPU fault on the APIC access page vs. the APICv inhibit's kvm_zap_gfn_range",
        flags: [
            .choice("fault_lock", ["read", "write"], default: "read",
                    "mmu_lock mode of the fault: read (TDP MMU) or write (legacy MMU)"),
            .choice("zap_lock", ["read", "write"], default: "write",
                    "mmu_lock mode of kvm_zap_gfn_range (read: 6103bc074048; write: its revert 5a324c24b638)"),
            .bool("zap_bumps_notifier", default: true,
                  "the zap brackets itself with kvm_inc/dec_notifier_count (edb298c663fc)"),
            .bool("fault_checks_retry", default: true, "the fault calls mmu_notifier_retry_hva under mmu_lock"),
            .bool("seq_before_slot", default: true,
                  "the fault snapshots mmu_notifier_seq before it looks at the memslot"),
            .bool("zap_yields", default: true,
                  "the zap may drop and retake mmu_lock where the fault's MMU's walk does: TDP only after "
                  + "forward progress (never within one gfn), legacy rmaps after each level (slot_handle_level_range)"),
            .choice("zap_range", ["all", "gfn"], default: "all",
                    "the range the zap's kvm_inc_notifier_count records: all, (0, ~0) (6d3085e4d89a), or gfn, "
                    + "[gfn, gfn+1) (edb298c663fc), which mmu_notifier_retry_hva compares with an hva"),
            .bool("apicv_request", default: false,
                  "the inhibit kicks every vCPU with KVM_REQ_APICV_UPDATE under apicv_update_lock before storing the "
                  + "reasons, and a vCPU entering the guest services it, blocking on the lock until the zap returned (b0a1637f64b0)"),
            FaultRetry.flag,
            .bool("faultin_each_attempt", default: true,
                  "each attempt snapshots mmu_notifier_seq and runs kvm_faultin_pfn (false: both hoisted out of the "
                  + "retry loop, which re-takes mmu_lock with the first attempt's snapshot and memslot verdict)"),
        ],
        parameters: [
            ParameterDecl("vcpus", default: 1, range: 1...16, "vCPUs faulting on the APIC access page"),
            ParameterDecl("retries", default: 1, range: 0...4, "how many times a vCPU faults again after RET_PF_RETRY"),
        ],
        presets: [
            Preset("upstream", ["fault_lock": "read", "zap_lock": "write", "zap_bumps_notifier": "true",
                                "fault_checks_retry": "true", "seq_before_slot": "true",
                                "zap_yields": "true", "zap_range": "all"],
                   expected: .holds,
                   kernel: .release("v6.1", "6d3085e4d89a"),
                   "the TDP MMU: zap under the write lock (5a324c24b638), notifier bumped over (0, ~0) (6d3085e4d89a)"),
            Preset("v5.15-tdp", ["fault_lock": "read", "zap_lock": "write", "zap_bumps_notifier": "true",
                                 "fault_checks_retry": "true", "seq_before_slot": "true",
                                 "zap_yields": "true", "zap_range": "gfn"],
                   expected: .holds, kernel: .release("v5.15", "5a324c24b638", "edb298c663fc"),
                   "the TDP MMU in v5.15: the bump's gfn range never covers the fault's hva"),
            Preset("v5.15-legacy", ["fault_lock": "write", "zap_lock": "write", "zap_bumps_notifier": "true",
                                    "fault_checks_retry": "true", "seq_before_slot": "true",
                                    "zap_yields": "true", "zap_range": "gfn"],
                   expected: .violated, kernel: .release("v5.15", "5a324c24b638", "edb298c663fc"),
                   "the legacy MMU in v5.15: the rmap zap yields between levels, the gfn range misses the hva"),
            Preset("zap-read-lock", ["fault_lock": "read", "zap_lock": "read", "zap_bumps_notifier": "false",
                                     "fault_checks_retry": "true", "seq_before_slot": "true",
                                "zap_yields": "true", "zap_range": "all"],
                   expected: .violated,
                   kernel: .noRelease("v5.13's read-locked zap with v5.15's APIC-page zap (36222b117e36); "
                                      + "5a324c24b638 reverted it in that series, before any release",
                                      builtFrom: "6103bc074048", "36222b117e36"),
                   "6103bc074048: TDP zap under the read lock, no notifier bump"),
            Preset("zap-read-lock-bump", ["fault_lock": "read", "zap_lock": "read", "zap_bumps_notifier": "true",
                                          "fault_checks_retry": "true", "seq_before_slot": "true",
                                "zap_yields": "true", "zap_range": "all"],
                   expected: .violated,
                   kernel: .noRelease("a broken variant: the bump without the write lock", builtFrom: "edb298c663fc"),
                   "the bump alone: the zap still runs beside a fault past its retry check"),
            Preset("zap-no-bump", ["fault_lock": "read", "zap_lock": "write", "zap_bumps_notifier": "false",
                                   "fault_checks_retry": "true", "seq_before_slot": "true",
                                "zap_yields": "true", "zap_range": "all"],
                   expected: .violated,
                   kernel: .noRelease("a broken variant: the write lock without the bump", builtFrom: "5a324c24b638"),
                   "the write lock alone: the retry check sees nothing change"),
            Preset("no-retry-check", ["fault_lock": "read", "zap_lock": "write", "zap_bumps_notifier": "true",
                                      "fault_checks_retry": "false", "seq_before_slot": "true",
                                      "zap_yields": "true", "zap_range": "all"],
                   expected: .violated, kernel: .noRelease("a broken variant"),
                   "the fault never calls mmu_notifier_retry_hva"),
            Preset("seq-after-slot", ["fault_lock": "read", "zap_lock": "write", "zap_bumps_notifier": "true",
                                      "fault_checks_retry": "true", "seq_before_slot": "false",
                                      "zap_yields": "true", "zap_range": "all"],
                   expected: .violated, kernel: .noRelease("a broken variant"),
                   "the seq snapshot is taken after the memslot check"),
            Preset("retry-forever", ["retry": "forever"],
                   expected: .holds, kernel: .release("v6.1", "6d3085e4d89a"),
                   "RET_PF_RETRY faults again until the fault completes; each attempt redoes kvm_faultin_pfn, so a retry after the zap emulates"),
            Preset("faultin-once", ["retry": "forever", "faultin_each_attempt": "false"],
                   expected: .violated,
                   kernel: .noRelease("a broken variant: the seq snapshot and kvm_faultin_pfn hoisted out of the retry loop"),
                   "a zap between the snapshot and the retry check fails every later check, and the APICv test is never redone: the fault retries forever"),
        ]
    ) { cfg in
        let pfResult = ValueType.enumeration("pf_result", ["none", "fixed", "emulate", "retry"])

        // struct kvm / kvm_arch state.
        let apicvActive = Global("apicv_active", .bool, initial: .value(true))
        let seq = Global("mmu_notifier_seq", .u64)
        let count = Global("mmu_notifier_count", .i64)
        let spte = Global("apic_spte_present", .bool)
        let inhibitDone = Global("inhibit_done", .bool)
        let mmuLock = RWLock("mmu_lock")
        apicvActive
        seq
        count
        spte
        inhibitDone
        mmuLock
        // zap_range=gfn: the range kvm_inc_notifier_count records (with `all` it covers every hva).
        let gfnRange = cfg.choice("zap_range") == "gfn"
        let rangeStart = Global("mmu_notifier_range_start", .u64)
        let rangeEnd = Global("mmu_notifier_range_end", .u64)
        if gfnRange {
            rangeStart
            rangeEnd
        }
        // zap_yields with the legacy MMU: slot_handle_level_range's rmap walk can yield.
        let rmapYields = cfg.flag("zap_yields") && cfg.choice("fault_lock") == "write"
        // apicv_request: KVM_REQ_APICV_UPDATE, raised on every vCPU at once, and apicv_update_lock.
        let apicvRequest = cfg.flag("apicv_request")
        let requested = Global("apicv_update_requested", .bool)
        let apicvLock = Mutex("apicv_update_lock")
        if apicvRequest {
            requested
            apicvLock
        }
        let firstFaultStep = cfg.flag("seq_before_slot") ? "fault.snapshot_seq" : "fault.memslot"
        let forever = FaultRetry.forever(cfg)
        // Where an attempt begins: the guest entry (apicv_request) or the fault's first step, since
        // RET_PF_RETRY resumes the guest, which faults again (kvm_mmu_page_fault returns 1); with
        // faultin_each_attempt=false, fault.lock (a retry loop around the mmu_lock section only).
        let attemptStart = !cfg.flag("faultin_each_attempt") ? "fault.lock"
            : apicvRequest ? "vcpu.enter_guest" : firstFaultStep

        let mmuSeq = Local("mmu_seq", .u64)
        let result = Local("result", pfResult, initial: .value("none"))
        let attempts = Local("attempts", .u8)
        let serviced = Local("apicv_request_serviced", .bool)
        let snapshot = Step("fault.snapshot_seq") {
            // direct_page_fault: mmu_seq = vcpu->kvm->mmu_notifier_seq; smp_rmb();
            mmuSeq <- seq
            result <- "none"
        }

        Process("vcpu", instances: cfg.param("vcpus"), fairness: forever ? .weak : .none) {
            mmuSeq
            result
            attempts
            if apicvRequest {
                serviced
                Step("vcpu.enter_guest") {
                    // vcpu_enter_guest: if (kvm_check_request(KVM_REQ_APICV_UPDATE, vcpu))
                    // kvm_vcpu_update_apicv(vcpu); then the guest runs and its access faults.
                    If(requested && !serviced) { Goto("vcpu.update_apicv") }
                }
            }
            if cfg.flag("seq_before_slot") { snapshot }
            Step("fault.memslot") {
                // kvm_faultin_pfn: the APIC access memslot while APICv is inactive gives
                // RET_PF_EMULATE without an SPTE (9cc13d60ba6b; the name since 33a5c0009d14).
                If(!apicvActive) {
                    result <- "emulate"
                    Terminate()
                }
            }
            if !cfg.flag("seq_before_slot") { snapshot }
            // direct_page_fault: read_lock(&mmu_lock) for the TDP MMU, write_lock for the legacy MMU.
            Acquire("fault.lock", mmuLock, cfg.lockMode("fault_lock"))
            if cfg.flag("fault_checks_retry") {
                Step("fault.retry_check") {
                    // mmu_notifier_retry_hva(kvm, mmu_seq, hva): count && range_start <= hva < range_end,
                    // or seq != mmu_seq. With zap_range=all the range holds every hva.
                    let inRange: Expr = gfnRange
                        ? (rangeStart <= Expr.int(Self.apicHVA) && Expr.int(Self.apicHVA) < rangeEnd) : true
                    If((count != 0 && inRange) || seq != mmuSeq) {
                        result <- "retry"
                        Goto("fault.unlock")
                    }
                }
            }
            Step("fault.map") {
                // kvm_tdp_mmu_map / __direct_map installs the SPTE.
                spte <- true
                result <- "fixed"
            }
            Step("fault.unlock") {
                // out_unlock: unlock; RET_PF_RETRY re-enters the guest, which faults again.
                Release(mmuLock)
                FaultRetry.again(cfg, when: result == "retry", attempts: attempts, from: attemptStart)
            }
            if apicvRequest {
                Acquire("vcpu.update_apicv", apicvLock) {
                    // kvm_vcpu_update_apicv: mutex_lock(&kvm->arch.apicv_update_lock) (down_read
                    // since 187c8833def8) blocks while an update holds it; refresh, unlock, enter
                    // the guest, whose access faults again.
                    serviced <- true
                    Release(apicvLock)
                    Goto(firstFaultStep)
                }
            }
        }

        let rmapLevel = Local("rmap_level", .u8, initial: .value(.int(Self.rmapLevels.lowerBound)))
        let resched = Local("resched", .u8)
        let afterWalk = cfg.flag("zap_bumps_notifier") ? "zap.seq_inc" : "zap.unlock"
        Process("inhibit", fairness: forever ? .weak : .none) {
            if rmapYields {
                rmapLevel
                resched
            }
            if apicvRequest {
                Acquire("inhibit.kick", apicvLock) {
                    // kvm_request_apicv_update: mutex_lock(&kvm->arch.apicv_update_lock);
                    // __kvm_request_apicv_update: kvm_make_all_cpus_request(kvm, KVM_REQ_APICV_UPDATE)
                    // before the reasons are stored.
                    requested <- true
                }
            }
            Step("inhibit.set") {
                // __kvm_request_apicv_update: store the new inhibit reasons (APICv now inactive).
                apicvActive <- false
            }
            Acquire("zap.lock", mmuLock, cfg.lockMode("zap_lock"))
            if cfg.flag("zap_bumps_notifier") {
                Step("zap.inc_count") {
                    // kvm_inc_notifier_count(kvm, gfn_start, gfn_end) (edb298c663fc); from
                    // 6d3085e4d89a kvm_mmu_invalidate_begin(kvm, 0, -1ul).
                    count <- count + 1
                    if gfnRange {
                        // count == 1: range_start = gfn_start, range_end = gfn_end.
                        rangeStart <- Expr.int(Self.apicGFN)
                        rangeEnd <- Expr.int(Self.apicGFN + 1)
                    }
                }
            }
            if rmapYields {
                Step("zap.clear_spte") {
                    // slot_handle_level_range -> kvm_zap_rmapp on the gfn's rmap at rmap_level
                    // (4K, 2M, 1G); only the 4K rmap holds the APIC page's SPTE.
                    If(rmapLevel == Expr.int(Self.rmapLevels.lowerBound)) { spte <- false }
                    // if (need_resched() || rwlock_needbreak(&kvm->mmu_lock)): not modelled, chosen.
                    Choose(resched, in: 0...1)
                    If(resched == 1) { Goto("zap.resched_unlock") }
                    If(rmapLevel < Expr.int(Self.rmapLevels.upperBound)) {
                        rmapLevel <- rmapLevel + 1
                        Goto("zap.clear_spte")
                    }
                    Goto(afterWalk)
                }
                Step("zap.resched_unlock") {
                    // flush_on_yield: kvm_flush_remote_tlbs_with_address (folded), then
                    // cond_resched_rwlock_write: write_unlock(&kvm->mmu_lock).
                    resched <- 0
                    Release(mmuLock)
                }
                Acquire("zap.resched_lock", mmuLock, cfg.lockMode("zap_lock")) {
                    // cond_resched_rwlock_write: write_lock(&kvm->mmu_lock); the walk goes on.
                    If(rmapLevel < Expr.int(Self.rmapLevels.upperBound)) {
                        rmapLevel <- rmapLevel + 1
                        Goto("zap.clear_spte")
                    }
                    Goto(afterWalk)
                }
            } else {
                Step("zap.clear_spte") {
                    // kvm_tdp_mmu_zap_gfn_range / legacy zap of the APIC gfn, then the TLB flush.
                    spte <- false
                }
            }
            if cfg.flag("zap_bumps_notifier") {
                Step("zap.seq_inc") {
                    // kvm_dec_notifier_count: kvm->mmu_notifier_seq++; smp_wmb();
                    seq <- seq + 1
                }
                Step("zap.count_dec") {
                    // kvm_dec_notifier_count: kvm->mmu_notifier_count--;
                    count <- count - 1
                }
            }
            Step("zap.unlock") {
                Release(mmuLock)
            }
            Step("inhibit.done") {
                // kvm_zap_gfn_range has returned: the inhibit is complete.
                inhibitDone <- true
                // apicv_request: mutex_unlock(&kvm->arch.apicv_update_lock); vCPUs may service the request.
                if apicvRequest { Release(apicvLock) }
            }
        }

        Invariant("apic_unmapped_after_inhibit") {
            inhibitDone ==> !spte
        }

        if forever {
            let inhibitOver = Expr.finished(kind: "inhibit", instance: 0)
            Liveness("fault_completes_alone", forAll: "vcpu") { v in
                LeadsTo(v.at(attemptStart) && inhibitOver, v.finished)
            }
            Liveness("fault_completes", forAll: "vcpu") { v in Eventually(v.finished) }
            Liveness("inhibit_completes", forAll: "inhibit") { i in Eventually(i.finished) }
        }
    }
}
