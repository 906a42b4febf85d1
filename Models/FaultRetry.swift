import ProtocolDSL

/// How a KVM model's vCPU faults again after `RET_PF_RETRY`: at most `retries` more times
/// (`retry=bounded`, the default: every execution is finite), or forever, as the kernel does
/// (`retry=forever`: `RET_PF_RETRY` "let[s] CPU fault again on the address",
/// arch/x86/kvm/mmu/mmu_internal.h, and nothing bounds how often).
///
/// A model adopts it in a few lines: `FaultRetry.flag` among its flags, `FaultRetry.again` where
/// an attempt ends (apic-access-zap and tdp-shared-fault: `when: result == "retry"`), fairness
/// for its kinds and its liveness properties under `if FaultRetry.forever(cfg)` (with bounded
/// retries a vCPU always ends, so progress says nothing). KVMMMU's fault loop follows the flag
/// for every model (`KVMReplay.threads`).
enum FaultRetry {
    /// The `retry` flag.
    static let flag = FlagDecl.choice("retry", ["bounded", "forever"], default: "bounded",
                                      "bounded: a vCPU faults again at most `retries` times; forever: as the kernel, until the fault completes")

    /// Whether `cfg` retries forever.
    static func forever(_ cfg: ModelContext) -> Bool { cfg.choice("retry") == "forever" }

    /// True once every one of `instances` of `kind` has terminated: the "every invalidation is
    /// over" or "every other vCPU is done" of the progress properties.
    static func finished(_ kind: String, _ instances: some Sequence<Int>) -> Expr {
        instances.map { Expr.finished(kind: kind, instance: $0) }.reduce(Expr.bool(true)) { $0 && $1 }
    }

    /// The end of an attempt, after `mmu_lock` is dropped: when `retrying` (the attempt returned
    /// RET_PF_RETRY: `retry`, or `result == "retry"`) fault again from `label` (bounded: only
    /// while `attempts` is below the `retries` parameter, counting the attempt; forever: always,
    /// with no counter, so the state space stays finite); otherwise the fault is done and the
    /// vCPU ends. The attempt that starts at `label` must decide `retrying` afresh.
    static func again(_ cfg: ModelContext, when retrying: Expr, attempts: Expr, from label: String,
                      file: String = #fileID, line: Int = #line) -> Stmt {
        if forever(cfg) {
            return If(retrying, file: file, line: line) {
                Goto(label, file: file, line: line)
            } else: {
                Terminate(file: file, line: line)
            }
        }
        return If(retrying && attempts < Expr.int(Int64(cfg.param("retries"))), file: file, line: line) {
            attempts <- attempts + 1
            Goto(label, file: file, line: line)
        } else: {
            Terminate(file: file, line: line)
        }
    }
}
