import ProtocolDSL

/// Small protocols whose liveness verdicts and lassos are known by hand.
enum LivenessProtocols {
    /// A test-and-set lock whose acquire blocks (`await !taken`) instead of spinning.
    ///
    /// `LeadsTo(t.at("acquire"), t.at("cs"))` per thread. Without fairness thread[1] takes and
    /// releases the lock forever while thread[0] waits: a 0-step stem and a 2-step loop. Weak
    /// fairness does not help: thread[0] cannot move while thread[1] holds the lock, so it is
    /// not enabled throughout the loop. Strong fairness does: thread[0] is enabled each time the
    /// lock is free, so it must take it.
    static func blockingLock(_ fairness: Fairness) -> ProtocolModel {
        ProtocolModel("blocking-lock", summary: "test-and-set lock, blocking acquire") { _ in
            let taken = Global("taken", .bool)
            taken
            Process("thread", instances: 2, fairness: fairness) {
                Step("acquire", await: !taken) { taken <- true }
                Step("cs") {
                    taken <- false
                    Goto("acquire")
                }
            }
            Liveness("no_starvation", forAll: "thread") { t in LeadsTo(t.at("acquire"), t.at("cs")) }
        }
    }

    /// A ticket lock over tickets mod 4: take a ticket, wait until it is served, serve the next.
    ///
    /// `served`: `LeadsTo(t.at("take"), t.at("cs"))`, violated without fairness (thread[1] goes
    /// round while thread[0] never takes a ticket: a 1-step stem, then four rounds of 3 steps
    /// until the tickets mod 4 repeat a state), holds with weak fairness (`take` is always
    /// enabled, and a thread whose ticket is served stays enabled until it enters).
    /// `waiting_served`: `LeadsTo(t.at("wait"), t.at("cs"))` holds even without fairness: once
    /// a thread has a ticket, the other is blocked behind it, so only it can move.
    static func ticketLock(_ fairness: Fairness) -> ProtocolModel {
        ProtocolModel("ticket", summary: "ticket lock") { _ in
            let next = Global("next", .u8)
            let serving = Global("serving", .u8)
            let my = Local("my", .u8)
            next
            serving
            Process("thread", instances: 2, fairness: fairness) {
                my
                Step("take") {
                    my <- next
                    next <- (next + 1) & 3
                }
                Step("wait", await: serving == my)
                Step("cs") {
                    serving <- (serving + 1) & 3
                    Goto("take")
                }
            }
            Liveness("served", forAll: "thread") { t in LeadsTo(t.at("take"), t.at("cs")) }
            Liveness("waiting_served", forAll: "thread") { t in LeadsTo(t.at("wait"), t.at("cs")) }
        }
    }

    /// A fault that retries while an invalidation is in progress; the invalidator runs `rounds`
    /// invalidations (0: forever).
    ///
    /// `fault_completes`: `LeadsTo(fault@check, fault@map)`. With an invalidator that runs
    /// forever the fault can retry forever even under weak fairness: each time it checks, an
    /// invalidation is in progress (stem 0, loop start, check, end: 3 steps). With one round and
    /// weak fairness it holds; without fairness it does not (the fault spins while the
    /// invalidator, in the middle of its invalidation, is never scheduled again).
    static func retryLoop(rounds: Int, _ fairness: Fairness) -> ProtocolModel {
        ProtocolModel("retry", summary: "fault retries while an invalidation runs") { _ in
            let inProgress = Global("in_progress", .bool)
            let left = Global("left", .u8, initial: .value(.int(Int64(rounds))))
            inProgress
            left
            Process("fault", fairness: fairness) {
                Step("check") {
                    If(inProgress) { Goto("check") }
                }
                Step("map") { Terminate() }
            }
            Process("invalidator", fairness: fairness) {
                Step("start") { inProgress <- true }
                Step("end") {
                    inProgress <- false
                    if rounds == 0 {
                        Goto("start")
                    } else {
                        left <- left - 1
                        If(left != 0) { Goto("start") } else: { Terminate() }
                    }
                }
            }
            Liveness("fault_completes", forAll: "fault") { f in LeadsTo(f.at("check"), f.at("map")) }
        }
    }

    /// A holder that sets `held` and then works forever without clearing it.
    ///
    /// `released_often`: `Always(Eventually(!held))` is violated: stem `grab` (1 step), loop
    /// `work` (1 step, back to the same state). `grabs`: `Eventually(held)` holds under weak
    /// fairness (the holder is enabled until it grabs).
    static func stuckHolder() -> ProtocolModel {
        ProtocolModel("holder", summary: "a holder that never releases") { _ in
            let held = Global("held", .bool)
            held
            Process("holder", fairness: .weak) {
                Step("grab") { held <- true }
                Step("work") { Goto("work") }
            }
            Liveness("released_often") { Always(Eventually(!held)) }
            Liveness("grabs") { Eventually(held) }
        }
    }

    /// A worker that terminates without setting `done_flag`.
    ///
    /// `flag_set`: `Eventually(flag)` is violated by a 1-step stem and an empty loop (the
    /// execution stays in the terminated state forever). `finishes`: `LeadsTo(w@run, w finished)`
    /// holds under weak fairness.
    static func terminatingWorker() -> ProtocolModel {
        ProtocolModel("worker", summary: "a worker that stops") { _ in
            let flag = Global("flag", .bool)
            flag
            Process("worker", fairness: .weak) {
                Step("run") { Terminate() }
            }
            Liveness("flag_set") { Eventually(flag) }
            Liveness("finishes", forAll: "worker") { w in LeadsTo(w.at("run"), w.finished) }
        }
    }
}
