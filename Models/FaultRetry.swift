import ProtocolDSL

/// How a KVM model's vCPU faults again after `RET_PF_RETRY`: at most `retries` more times
/// (`retry=bounded`, the default: every execution is finite), or forever, as the kernel does
/// (`retry=forever`: `RET_PF_RETRY` "let[s] CPU fault again on the address",
/// arch/x86/kvm/mmu/mmu_internal.h, and nothing bounds how often).
///
/// A model adopts it with three lines: `FaultRetry.flag` among its flags, `FaultRetry.again`
/// where an attempt ends, and its liveness properties under `if FaultRetry.forever(cfg)` (with
/// bounded retries a vCPU always ends, so progress says nothing).
enum FaultRetry {
    /// The `retry` flag.
    static let flag = FlagDecl.choice("retry", ["bounded", "forever"], default: "bounded",
                                      "bounded: a vCPU faults again at most `retries` times; forever: as the kernel, until the fault completes")

    /// Whether `cfg` retries forever.
    static func forever(_ cfg: ModelContext) -> Bool { cfg.choice("retry") == "forever" }

    /// The end of an attempt, after `mmu_lock` is dropped: when `retry` is set, fault again from
    /// `label` (bounded: only while `attempts` is below the `retries` parameter, counting the
    /// attempt; forever: always, with `retry` cleared and no counter, so the state space stays
    /// finite); otherwise the fault is done and the vCPU ends.
    static func again(_ cfg: ModelContext, retry: Expr, attempts: Expr, from label: String,
                      file: String = #fileID, line: Int = #line) -> Stmt {
        if forever(cfg) {
            return If(retry, file: file, line: line) {
                retry <- false
                Goto(label, file: file, line: line)
            } else: {
                Terminate(file: file, line: line)
            }
        }
        return If(retry && attempts < Expr.int(Int64(cfg.param("retries"))), file: file, line: line) {
            attempts <- attempts + 1
            Goto(label, file: file, line: line)
        } else: {
            Terminate(file: file, line: line)
        }
    }
}
