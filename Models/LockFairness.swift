import ProtocolDSL

/// `lock-fairness`: the README tutorial's liveness example, not a KVM model. Two (or three)
/// threads take a lock again and again; `served` says every thread that starts to take the lock
/// gets into its critical section. Whether it holds depends on the lock and on the fairness the
/// scheduler promises.
///
/// - `ticket`: a ticket lock (tickets counted mod `tickets`, 4 by default). Without fairness a thread may never be scheduled
///   to take its ticket while the other goes round forever; with weak fairness it must move
///   (taking a ticket is always enabled), and once it holds a ticket it is served in turn: a
///   thread whose ticket is served stays enabled until it enters.
/// - `blocking`: a test-and-set lock whose take blocks while the lock is held. Weak fairness is
///   not enough: a waiting thread is disabled each time the other holds the lock, so it is not
///   enabled throughout the loop, and the other can win forever. Strong fairness is: the waiting
///   thread is enabled each time the lock is free, so it must take it some time.
public enum LockFairness {
    /// The model.
    public static let model = ProtocolModel(
        "lock-fairness",
        summary: "example: a lock that starves a thread unless the scheduler is fair (liveness; not a KVM model)",
        flags: [
            .choice("lock", ["ticket", "blocking"], default: "ticket", "a ticket lock, or a test-and-set lock that blocks"),
            .choice("fairness", ["none", "weak", "strong"], default: "weak", "the fairness of the threads"),
        ],
        parameters: [
            ParameterDecl("threads", default: 2, range: 2...3, "how many threads take the lock"),
            ParameterDecl("tickets", default: 4, range: 4...256, "the ticket lock counts tickets mod this"),
        ],
        presets: [
            Preset("ticket-unfair", ["lock": "ticket", "fairness": "none"], expected: .violated,
                   "an unfair scheduler never runs thread[0]'s take while thread[1] goes round"),
            Preset("ticket-weak", ["lock": "ticket", "fairness": "weak"], expected: .holds,
                   "weak fairness makes a thread take a ticket, and tickets are served in order"),
            Preset("blocking-weak", ["lock": "blocking", "fairness": "weak"], expected: .violated,
                   "thread[0] is disabled while thread[1] holds the lock, so weak fairness lets it starve"),
            Preset("blocking-strong", ["lock": "blocking", "fairness": "strong"], expected: .holds,
                   "thread[0] is enabled each time the lock is free, and strong fairness makes it take it"),
        ]
    ) { cfg in
        let inside = Global("inside", .u8)
        inside
        let fairness = Fairness(rawValue: cfg.choice("fairness")) ?? .none
        if cfg.choice("lock") == "ticket" {
            let next = Global("next", .u8)
            let serving = Global("serving", .u8)
            let my = Local("my", .u8)
            let last = Expr.int(Int64(cfg.param("tickets") - 1))
            next
            serving
            Process("thread", instances: cfg.param("threads"), fairness: fairness) {
                my
                Step("take") {  // fetch-and-add of the next ticket
                    my <- next
                    next <- ite(next == last, 0, next + 1)
                }
                Step("wait", await: serving == my) { inside <- inside + 1 }
                Step("cs") {  // leave the critical section and serve the next ticket
                    inside <- inside - 1
                    serving <- ite(serving == last, 0, serving + 1)
                    Goto("take")
                }
            }
        } else {
            let taken = Global("taken", .bool)
            taken
            Process("thread", instances: cfg.param("threads"), fairness: fairness) {
                Step("take", await: !taken) {  // test-and-set, blocked while the lock is held
                    taken <- true
                    inside <- inside + 1
                }
                Step("cs") {
                    inside <- inside - 1
                    taken <- false
                    Goto("take")
                }
            }
        }
        Invariant("mutual_exclusion") { inside <= 1 }
        Liveness("served", forAll: "thread") { t in LeadsTo(t.at("take"), t.at("cs")) }
    }
}
