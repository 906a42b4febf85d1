/// The protocol flags of the models (same names and meanings), selecting KVMMMU's code paths.
///
/// Defaults are upstream behaviour. Flags that a model does not have keep their upstream value
/// in that model's scenes.
public struct ProtocolVariant: Sendable, Hashable, CustomStringConvertible {
    /// A lock mode flag value.
    public enum LockMode: String, Sendable, Hashable, CaseIterable {
        /// `read_lock(&kvm->mmu_lock)`.
        case read
        /// `write_lock(&kvm->mmu_lock)`.
        case write
    }

    /// How a fault links a new page-table page (`install` flag of tdp-shared-fault).
    public enum InstallMode: String, Sendable, Hashable, CaseIterable {
        /// `tdp_mmu_set_spte_atomic`: compare-and-swap; a lost race returns RET_PF_RETRY.
        case cmpxchg
        /// A plain store (only correct under the exclusive lock).
        case store
    }

    /// What a fault does when its cmpxchg of a non-leaf SPTE lost (`lost_link` flag of tdp-shared-fault).
    public enum LostLink: String, Sendable, Hashable, CaseIterable {
        /// `kvm_tdp_mmu_map`: `tdp_mmu_free_sp`, RET_PF_RETRY; the guest faults again.
        case faultAgain = "fault_again"
        /// A broken variant: retry the cmpxchg in place with the old value read before it,
        /// which a cmpxchg that does not write the current value back leaves stale.
        case staleInPlace = "stale_in_place"
    }

    /// The range the zap records with `kvm_inc_notifier_count` (`zap_range` flag of apic-access-zap).
    public enum ZapRange: String, Sendable, Hashable, CaseIterable {
        /// (0, ~0): every hva (6d3085e4d89a, v6.1).
        case all
        /// The zap's gfn range, compared by `mmu_notifier_retry_hva` with an hva (edb298c663fc, v5.15).
        case gfn
    }

    /// How often a vCPU faults again after RET_PF_RETRY (`retry` flag of the KVM models).
    public enum RetryLimit: String, Sendable, Hashable, CaseIterable {
        /// At most the scene's `retries` more times.
        case bounded
        /// Until the fault returns something else, as the kernel does.
        case forever
    }

    /// `fault_lock`: mode in which the page fault takes mmu_lock.
    public var faultLock: LockMode = .read
    /// `zap_lock`: mode in which `kvm_zap_gfn_range` takes mmu_lock.
    public var zapLock: LockMode = .write
    /// `zap_bumps_notifier`: the zap brackets itself with kvm_inc/dec_notifier_count.
    public var zapBumpsNotifier = true
    /// `fault_checks_retry`: the fault calls mmu_notifier_retry_hva under mmu_lock.
    public var faultChecksRetry = true
    /// `seq_before_slot`: the fault snapshots the notifier seq before the memslot lookup.
    public var seqBeforeSlot = true
    /// `retry_count`: the retry check looks at the notifier count (and range).
    public var retryCount = true
    /// `retry_seq`: the retry check compares the seq with the snapshot.
    public var retrySeq = true
    /// `range_check`: an elevated count forces a retry only for an hva inside the range.
    public var rangeCheck = true
    /// `range_merge`: nested invalidations merge their ranges (else the last one overwrites).
    public var rangeMerge = true
    /// `install`: how a shared-mode fault links a page-table page.
    public var install: InstallMode = .cmpxchg
    /// `lost_link`: what a fault does after its cmpxchg of a non-leaf SPTE failed.
    public var lostLink: LostLink = .faultAgain
    /// `zap_yields`: the zap may drop and retake mmu_lock part-way, where the walk of the fault's
    /// MMU does (TDP: after forward progress; legacy, `fault_lock=write`: after each rmap level).
    public var zapYields = true
    /// `zap_range`: the notifier range of the zap's count bump.
    public var zapRange: ZapRange = .all
    /// `apicv_request`: the APICv inhibit kicks every vCPU with `KVM_REQ_APICV_UPDATE` under
    /// `apicv_update_lock` before storing the reasons (b0a1637f64b0), and vCPUs service the
    /// request on guest entry, blocking on the lock until the zap returned. Off by default, as
    /// in the model, whose presets all leave it off.
    public var apicvRequest = false
    /// `fault_checks_root`: under mmu_lock the fault retries when its root is obsolete
    /// (`is_page_fault_stale`, a955cad84cda).
    public var faultChecksRoot = true
    /// `reload_request` (obsolete-root-fault): `kvm_mmu_zap_all_fast` raises `KVM_REQ_MMU_RELOAD`
    /// (`kvm_reload_remote_mmus`), so a vCPU entering the guest loads a new root (false: a
    /// broken variant that drops the request).
    public var reloadRequest = true
    /// `range_add_first` (gfn-invalidate): `kvm_mmu_unmap_gfn_range` adds the memslot's gfn range
    /// before unmapping it (false: after, a broken variant).
    public var rangeAddFirst = true
    /// `unmap_yields` (gfn-invalidate): the TDP MMU's notifier unmap (`tdp_mmu_zap_leafs` with
    /// `may_block`) may drop and retake mmu_lock between two gfns of a memslot
    /// (`tdp_mmu_iter_cond_resched`); with `fault_lock=write` (the legacy MMU's rmap unmap) it never does.
    public var unmapYields = true
    /// `retry`: whether a vCPU's fault loop is bounded by the scene's `retries` or runs until
    /// the fault completes.
    public var retry: RetryLimit = .bounded
    /// `snapshot_each_attempt`: every fault snapshots the notifier seq (false: a fault that follows
    /// RET_PF_RETRY keeps its vCPU's earlier snapshot, the snapshot hoisted out of the retry loop).
    public var snapshotEachAttempt = true
    /// `faultin_each_attempt` (apic-access-zap): every fault snapshots the seq and runs
    /// `kvm_faultin_pfn` (false: a fault that follows RET_PF_RETRY, with no guest entry between,
    /// re-takes mmu_lock with its vCPU's earlier snapshot, hva and pfn: a retry loop around the
    /// locked section only).
    public var faultinEachAttempt = true

    /// Upstream flags.
    public init() {}

    /// The flag names, in the models' spelling.
    public static let flagNames = ["fault_lock", "zap_lock", "zap_bumps_notifier", "fault_checks_retry",
                                   "seq_before_slot", "retry_count", "retry_seq", "range_check",
                                   "range_merge", "install", "lost_link", "zap_yields", "zap_range", "apicv_request",
                                   "fault_checks_root", "reload_request", "range_add_first", "unmap_yields", "retry",
                                   "snapshot_each_attempt", "faultin_each_attempt"]

    /// Builds a variant from `[flag: value]` strings ("true"/"false"/"read"/"write"/"cmpxchg"/
    /// "store"), starting from `base`; unknown flags or values throw.
    public init(flags: [String: String], base: ProtocolVariant = ProtocolVariant()) throws {
        self = base
        for (name, value) in flags.sorted(by: { $0.key < $1.key }) {
            try set(name, value)
        }
    }

    /// Sets one flag from its string value.
    public mutating func set(_ name: String, _ value: String) throws {
        func bool() throws -> Bool {
            switch value.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw ProtocolVariantError.badValue(flag: name, value: value)
            }
        }
        func lock() throws -> LockMode {
            guard let mode = LockMode(rawValue: value.lowercased()) else {
                throw ProtocolVariantError.badValue(flag: name, value: value)
            }
            return mode
        }
        switch name {
        case "fault_lock": faultLock = try lock()
        case "zap_lock": zapLock = try lock()
        case "zap_bumps_notifier": zapBumpsNotifier = try bool()
        case "fault_checks_retry": faultChecksRetry = try bool()
        case "seq_before_slot": seqBeforeSlot = try bool()
        case "retry_count": retryCount = try bool()
        case "retry_seq": retrySeq = try bool()
        case "range_check": rangeCheck = try bool()
        case "range_merge": rangeMerge = try bool()
        case "install":
            guard let mode = InstallMode(rawValue: value.lowercased()) else {
                throw ProtocolVariantError.badValue(flag: name, value: value)
            }
            install = mode
        case "lost_link":
            guard let lost = LostLink(rawValue: value.lowercased()) else {
                throw ProtocolVariantError.badValue(flag: name, value: value)
            }
            lostLink = lost
        case "zap_yields": zapYields = try bool()
        case "zap_range":
            guard let range = ZapRange(rawValue: value.lowercased()) else {
                throw ProtocolVariantError.badValue(flag: name, value: value)
            }
            zapRange = range
        case "apicv_request": apicvRequest = try bool()
        case "fault_checks_root": faultChecksRoot = try bool()
        case "reload_request": reloadRequest = try bool()
        case "range_add_first": rangeAddFirst = try bool()
        case "unmap_yields": unmapYields = try bool()
        case "retry":
            guard let limit = RetryLimit(rawValue: value.lowercased()) else {
                throw ProtocolVariantError.badValue(flag: name, value: value)
            }
            retry = limit
        case "snapshot_each_attempt": snapshotEachAttempt = try bool()
        case "faultin_each_attempt": faultinEachAttempt = try bool()
        default: throw ProtocolVariantError.unknownFlag(name)
        }
    }

    /// Every flag as `[name: value]` strings.
    public var flags: [String: String] {
        ["fault_lock": faultLock.rawValue, "zap_lock": zapLock.rawValue,
         "zap_bumps_notifier": "\(zapBumpsNotifier)", "fault_checks_retry": "\(faultChecksRetry)",
         "seq_before_slot": "\(seqBeforeSlot)", "retry_count": "\(retryCount)", "retry_seq": "\(retrySeq)",
         "range_check": "\(rangeCheck)", "range_merge": "\(rangeMerge)", "install": install.rawValue,
         "lost_link": lostLink.rawValue,
         "zap_yields": "\(zapYields)", "zap_range": zapRange.rawValue, "apicv_request": "\(apicvRequest)",
         "fault_checks_root": "\(faultChecksRoot)", "reload_request": "\(reloadRequest)",
         "range_add_first": "\(rangeAddFirst)",
         "unmap_yields": "\(unmapYields)", "retry": retry.rawValue,
         "snapshot_each_attempt": "\(snapshotEachAttempt)", "faultin_each_attempt": "\(faultinEachAttempt)"]
    }

    public var description: String {
        Self.flagNames.map { "\($0)=\(flags[$0]!)" }.joined(separator: " ")
    }
}

/// Errors from building a `ProtocolVariant`.
public enum ProtocolVariantError: Error, Equatable, CustomStringConvertible {
    /// No such flag.
    case unknownFlag(String)
    /// A flag value that is not valid for the flag.
    case badValue(flag: String, value: String)

    public var description: String {
        switch self {
        case .unknownFlag(let flag): return "unknown flag '\(flag)'"
        case .badValue(let flag, let value): return "bad value '\(value)' for flag '\(flag)'"
        }
    }
}
