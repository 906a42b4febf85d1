import ProtocolDSL

/// A ticket spinlock (as in Linux's old `arch_spin_lock` on x86): a thread takes the next
/// ticket, waits until that ticket is served, runs its critical section, then serves the next.
///
/// The flag `take` says how a thread takes its ticket: `fetch-add` is one atomic
/// fetch-and-add (correct); `load-store` loads `next_ticket` and stores it plus one in a second
/// step, so two threads can take the same ticket and enter together.
///
/// Simplifications: tickets are 8 bits and never wrap within the bounded runs (at most 4
/// threads, each locking once); the critical section is two steps that count who is inside.
public enum TicketLockModel {
    /// The model.
    public static let model = ProtocolModel(
        "ticket-lock",
        summary: "a ticket spinlock: take a ticket, wait until it is served",
        flags: [
            .choice("take", ["fetch-add", "load-store"], default: "fetch-add",
                    "how a thread takes its ticket: one atomic fetch-and-add, or a load and a later store"),
        ],
        parameters: [ParameterDecl("threads", default: 2, range: 1...4, "threads taking the lock once each")],
        presets: [
            Preset("correct", ["take": "fetch-add"], expected: .holds, "the ticket is taken with one fetch-and-add"),
            Preset("racy-take", ["take": "load-store"], expected: .violated,
                   "two threads load the same ticket before either stores the next one"),
        ]
    ) { cfg in
        let next = Global("next_ticket", .u8)
        let serving = Global("now_serving", .u8)
        let inside = Global("inside", .u8)
        next
        serving
        inside
        Process("thread", instances: cfg.param("threads")) {
            let ticket = Local("ticket", .u8)
            ticket
            if cfg.choice("take") == "fetch-add" {
                Step("lock.take") {
                    ticket <- next
                    next <- next + 1
                }
            } else {
                Step("lock.load") { ticket <- next }
                Step("lock.store") { next <- ticket + 1 }
            }
            Step("lock.wait", await: serving == ticket) {}
            Step("cs.enter") { inside <- inside + 1 }
            Step("cs.exit") { inside <- inside - 1 }
            Step("unlock") { serving <- serving + 1 }
        }
        Invariant("mutual_exclusion") { inside <= 1 }
    }

    /// This package's catalog: the model, replayed on `TicketLockTarget.shared`.
    public static let catalog = ProtocolCatalog(
        models: [model],
        replayTargets: [model.name: ReplayTargetReference(module: "TicketLockReplay", target: "TicketLockTarget.shared")])
}
