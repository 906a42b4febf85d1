import ProtocolDSL

/// `seqlock`: a DSL example of README.md (loops, retries), not a KVM model. A writer updates two words
/// under a sequence counter; a reader copies them and must never return a torn pair.
///
/// Shape of the kernel's `write_seqcount_begin/end` and `read_seqcount_begin/retry`
/// (include/linux/seqlock.h), without memory barriers: every step is sequentially consistent.
/// The reader's loops (spinning while the count is odd, retrying after a change) are
/// unbounded, so only the explicit engine covers every execution.
public enum Seqlock {
    /// The model.
    public static let model = ProtocolModel(
        "seqlock",
        summary: "example: a seqlock reader racing a writer (not a KVM model)",
        flags: [
            .bool("reader_checks_odd", default: true, "the reader waits while the count is odd"),
            .bool("reader_rechecks", default: true, "the reader retries when the count changed"),
        ],
        parameters: [
            ParameterDecl("writes", default: 1, range: 1...3, "how many updates the writer makes"),
        ],
        presets: [
            Preset("correct", ["reader_checks_odd": "true", "reader_rechecks": "true"], expected: .holds,
                   "read_seqcount_begin waits for an even count, read_seqcount_retry compares"),
            Preset("no-recheck", ["reader_checks_odd": "true", "reader_rechecks": "false"], expected: .violated,
                   "the reader never calls read_seqcount_retry"),
            Preset("no-odd-check", ["reader_checks_odd": "false", "reader_rechecks": "true"], expected: .violated,
                   "the reader starts inside a write and sees the same odd count at both ends"),
        ]
    ) { cfg in
        let seq = Global("seq", .u32)
        let a = Global("a", .u32)
        let b = Global("b", .u32)
        seq
        a
        b

        let updates = Local("updates", .u8)
        Process("writer") {
            updates
            Step("write_begin") { seq <- seq + 1 }  // write_seqcount_begin: the count turns odd
            Step("write_a") { a <- a + 1 }
            Step("write_b") { b <- b + 1 }
            Step("write_end") {  // write_seqcount_end: the count turns even
                seq <- seq + 1
                updates <- updates + 1
                If(updates < Expr.int(Int64(cfg.param("writes")))) { Goto("write_begin") }
            }
        }

        let start = Local("start", .u32)
        let copyA = Local("copy_a", .u32)
        let copyB = Local("copy_b", .u32)
        let done = Local("done", .bool)
        Process("reader") {
            start
            copyA
            copyB
            done
            Step("read_begin") {  // read_seqcount_begin
                start <- seq
                if cfg.flag("reader_checks_odd") {
                    If((start & 1) == 1) { Goto("read_begin") }
                }
            }
            Step("read_a") { copyA <- a }
            Step("read_b") { copyB <- b }
            Step("read_retry") {  // read_seqcount_retry
                if cfg.flag("reader_rechecks") {
                    If(seq != start) { Goto("read_begin") }
                }
                done <- true
            }
        }

        Invariant("consistent_read", forAll: "reader") { r in
            r.local("done") ==> (r.local("copy_a") == r.local("copy_b"))
        }
    }
}
