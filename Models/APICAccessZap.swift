import ProtocolDSL

/// `apic-access-zap`: a vCPU page fault on the APIC access page races with the APICv inhibit's
/// `kvm_zap_gfn_range` (the race Sean Christopherson described on 2021-07-22). It was fixed for
/// v5.15 by two commits of one series: 5a324c24b638, the revert of 6103bc074048, makes the zap
/// take mmu_lock for write again, and edb298c663fc brackets the zap with
/// `kvm_inc/dec_notifier_count`. `docs/citations.md` lists every kernel reference checked.
///
/// Kernel paths (v5.15): the fault is `direct_page_fault` (snapshot `mmu_notifier_seq`,
/// `kvm_faultin_pfn`, take `mmu_lock`, `mmu_notifier_retry_hva`, `kvm_tdp_mmu_map` /
/// `__direct_map`); the inhibit is `kvm_request_apicv_update`, which under
/// `apicv_update_lock` (b0a1637f64b0) raises `KVM_REQ_APICV_UPDATE` on every vCPU, stores the
/// new inhibit reasons and calls `kvm_zap_gfn_range(kvm, gfn, gfn + 1)` for the APIC gfn.
///
/// Simplifications (stated, not hidden):
/// - One guest page, the APIC access gfn 0xfee00; its SPTE is a Boolean (present or not).
///   The notifier range always covers it, so the range part of `mmu_notifier_retry_hva`
///   reduces to `count != 0`. That is v6.1's range, (0, ~0) (6d3085e4d89a). In v5.15 the zap
///   passes its gfn range to `kvm_inc_notifier_count` while the fault compares an hva, so the
///   count part never matches the APIC page and only the seq part can make the fault retry.
/// - One inhibit, never cleared: "APICv stays inactive" holds for the rest of every execution.
/// - The inhibit's `KVM_REQ_APICV_UPDATE` kick is not modelled: it only reaches a vCPU when it
///   next enters the guest, where it blocks on `apicv_update_lock` until the zap returned; a
///   fault already in progress, the race here, runs on.
/// - `kvm_dec_notifier_count` is split into its two stores (`seq++`, then `count--`), which is
///   what a fault running concurrently under a shared `mmu_lock` can observe.
/// - The zap never drops `mmu_lock` part-way. For the TDP MMU that is the kernel's behaviour on
///   one gfn: `tdp_mmu_iter_cond_resched` yields only after forward progress, and `yielded_gfn`
///   starts at the walk's first gfn. The legacy MMU's rmap zap (`fault_lock=write`) can yield
///   between levels even for one gfn (`slot_handle_level_range` calls
///   `cond_resched_rwlock_write` after each rmap); that yield is not modelled. TLB flushes are
///   folded into `zap.clear_spte`.
/// - The kernel retries a fault forever; here a vCPU faults again at most `retries` times and
///   then gives up, so every execution is finite and bounded checking reaches the full depth.
public enum APICAccessZap {
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
        ],
        parameters: [
            ParameterDecl("vcpus", default: 1, range: 1...16, "vCPUs faulting on the APIC access page"),
            ParameterDecl("retries", default: 1, range: 0...4, "how many times a vCPU faults again after RET_PF_RETRY"),
        ],
        presets: [
            Preset("upstream", ["fault_lock": "read", "zap_lock": "write", "zap_bumps_notifier": "true",
                                "fault_checks_retry": "true", "seq_before_slot": "true"],
                   expected: .holds,
                   kernel: .release("v5.15", "5a324c24b638", "edb298c663fc").and("v6.1", "6d3085e4d89a"),
                   "zap under the write lock (5a324c24b638), notifier bumped (edb298c663fc)"),
            Preset("zap-read-lock", ["fault_lock": "read", "zap_lock": "read", "zap_bumps_notifier": "false",
                                     "fault_checks_retry": "true", "seq_before_slot": "true"],
                   expected: .violated,
                   kernel: .noRelease("v5.13's read-locked zap with v5.15's APIC-page zap (36222b117e36); "
                                      + "5a324c24b638 reverted it in that series, before any release",
                                      builtFrom: "6103bc074048", "36222b117e36"),
                   "6103bc074048: TDP zap under the read lock, no notifier bump"),
            Preset("zap-read-lock-bump", ["fault_lock": "read", "zap_lock": "read", "zap_bumps_notifier": "true",
                                          "fault_checks_retry": "true", "seq_before_slot": "true"],
                   expected: .violated,
                   kernel: .noRelease("a broken variant: the bump without the write lock", builtFrom: "edb298c663fc"),
                   "the bump alone: the zap still runs beside a fault past its retry check"),
            Preset("zap-no-bump", ["fault_lock": "read", "zap_lock": "write", "zap_bumps_notifier": "false",
                                   "fault_checks_retry": "true", "seq_before_slot": "true"],
                   expected: .violated,
                   kernel: .noRelease("a broken variant: the write lock without the bump", builtFrom: "5a324c24b638"),
                   "the write lock alone: the retry check sees nothing change"),
            Preset("no-retry-check", ["fault_lock": "read", "zap_lock": "write", "zap_bumps_notifier": "true",
                                      "fault_checks_retry": "false", "seq_before_slot": "true"],
                   expected: .violated, kernel: .noRelease("a broken variant"),
                   "the fault never calls mmu_notifier_retry_hva"),
            Preset("seq-after-slot", ["fault_lock": "read", "zap_lock": "write", "zap_bumps_notifier": "true",
                                      "fault_checks_retry": "true", "seq_before_slot": "false"],
                   expected: .violated, kernel: .noRelease("a broken variant"),
                   "the seq snapshot is taken after the memslot check"),
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

        let mmuSeq = Local("mmu_seq", .u64)
        let result = Local("result", pfResult, initial: .value("none"))
        let attempts = Local("attempts", .u8)
        let snapshot = Step("fault.snapshot_seq") {
            // direct_page_fault: mmu_seq = vcpu->kvm->mmu_notifier_seq; smp_rmb();
            mmuSeq <- seq
            result <- "none"
        }

        Process("vcpu", instances: cfg.param("vcpus")) {
            mmuSeq
            result
            attempts
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
                    // mmu_notifier_retry_hva: the APIC gfn is always inside the zap's range.
                    If(count != 0 || seq != mmuSeq) {
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
                If(result == "retry" && attempts < Expr.int(Int64(cfg.param("retries")))) {
                    attempts <- attempts + 1
                    Goto(cfg.flag("seq_before_slot") ? "fault.snapshot_seq" : "fault.memslot")
                } else: {
                    Terminate()
                }
            }
        }

        Process("inhibit") {
            Step("inhibit.set") {
                // __kvm_request_apicv_update: store the new inhibit reasons (APICv now inactive;
                // the KVM_REQ_APICV_UPDATE kick before it is not modelled, see above).
                apicvActive <- false
            }
            Acquire("zap.lock", mmuLock, cfg.lockMode("zap_lock"))
            if cfg.flag("zap_bumps_notifier") {
                Step("zap.inc_count") {
                    // kvm_inc_notifier_count(kvm, gfn_start, gfn_end) (edb298c663fc).
                    count <- count + 1
                }
            }
            Step("zap.clear_spte") {
                // kvm_tdp_mmu_zap_gfn_range / legacy zap of the APIC gfn, then the TLB flush.
                spte <- false
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
            }
        }

        Invariant("apic_unmapped_after_inhibit") {
            inhibitDone ==> !spte
        }
    }
}
