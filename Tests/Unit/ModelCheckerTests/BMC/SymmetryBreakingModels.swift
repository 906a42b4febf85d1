import ProtocolDSL

/// Small protocols for BMC's symmetry breaking: symmetric ones (a ticket lock, readers of a
/// seqlock-style counter, spinners) and deliberately asymmetric ones, whose violation needs
/// a particular instance to move first, so that a reduction wrongly applied would miss it.
enum SymmetryBreakingModels {
    /// A ticket lock for `threads` threads; `atomicTake: false` loads and stores the ticket
    /// in two steps, so two threads can take the same one (a deadlock or a double entry).
    static func ticketLock(threads: Int, atomicTake: Bool) -> ProtocolModel {
        ProtocolModel("ticket", summary: "ticket lock") { _ in
            let next = Global("next_ticket", .u8)
            let serving = Global("now_serving", .u8)
            let inside = Global("inside", .u8)
            next
            serving
            inside
            let ticket = Local("ticket", .u8)
            Process("thread", instances: threads) {
                ticket
                if atomicTake {
                    Step("take") {
                        ticket <- next
                        next <- next + 1
                    }
                } else {
                    Step("load") { ticket <- next }
                    Step("store") { next <- ticket + 1 }
                }
                Step("wait", await: serving == ticket) { inside <- inside + 1 }
                Step("leave") {
                    inside <- inside - 1
                    serving <- serving + 1
                }
            }
            Invariant("mutual_exclusion") { inside <= 1 }
        }
    }

    /// A writer bumps a sequence count around two stores; `readers` readers copy both values,
    /// and with `recheck` retry when the count changed or was odd. Without it a reader can
    /// copy a torn pair.
    static func sequenceReaders(readers: Int, recheck: Bool) -> ProtocolModel {
        ProtocolModel("seq-readers", summary: "seqlock-style readers") { _ in
            let seq = Global("seq", .u8)
            let a = Global("a", .u8)
            let b = Global("b", .u8)
            seq
            a
            b
            Process("writer") {
                Step("begin") { seq <- seq + 1 }
                Step("store_a") { a <- a + 1 }
                Step("store_b") { b <- b + 1 }
                Step("end") { seq <- seq + 1 }
            }
            let start = Local("start", .u8)
            let copyA = Local("copy_a", .u8)
            let copyB = Local("copy_b", .u8)
            let done = Local("done", .bool)
            Process("reader", instances: readers) {
                start
                copyA
                copyB
                done
                Step("begin") { start <- seq }
                Step("read_a") { copyA <- a }
                Step("read_b") { copyB <- b }
                Step("check") {
                    if recheck {
                        If(seq != start || (start & 1) == 1) { Goto("begin") }
                    }
                    done <- true
                }
            }
            Invariant("consistent", forAll: "reader") { r in r.local("done") ==> (r.local("copy_a") == r.local("copy_b")) }
        }
    }

    /// `threads` threads that each loop on one step (`loop`) or run two steps and stop.
    static func spinners(threads: Int, loop: Bool) -> ProtocolModel {
        ProtocolModel("spinners", summary: "identical threads") { _ in
            let count = Global("count", .u8)
            count
            Process("thread", instances: threads) {
                if loop {
                    Step("spin") {
                        count <- count + 1
                        Goto("spin")
                    }
                } else {
                    Step("a") { count <- count + 1 }
                    Step("b") { count <- count + 1 }
                }
            }
            Invariant("bounded") { count <= 200 }
        }
    }

    /// Threads arrive one step each; a thread that reads its own index (`selfIndex`) breaks
    /// the invariant when thread 1 arrives first: a violation in 1 step.
    static var readsSelfIndex: ProtocolModel {
        ProtocolModel("self-index", summary: "a thread reads selfIndex") { _ in
            let count = Global("count", .u8)
            let bad = Global("bad", .bool)
            count
            bad
            Process("thread", instances: 3) {
                Step("arrive") {
                    If(selfIndex == 1 && count == 0) { bad <- true }
                    count <- count + 1
                }
            }
            Invariant("not_bad") { !bad }
        }
    }

    /// Threads take a place in arrival order; the invariant names thread 0 (it must come first):
    /// a violation in 2 steps (thread 1, then thread 0).
    static var invariantNamesAnInstance: ProtocolModel {
        ProtocolModel("names-instance", summary: "an invariant names thread[0]") { _ in
            let count = Global("count", .u8)
            count
            let place = Local("place", .u8)
            Process("thread", instances: 3) {
                place
                Step("arrive") {
                    place <- count
                    count <- count + 1
                }
            }
            Invariant("thread0_first") { Expr.localOf(kind: "thread", instance: 0, name: "place", index: nil) == 0 }
        }
    }

    /// As `invariantNamesAnInstance`, but a judge process reads thread 0's place: a violation
    /// in 3 steps (thread 1, thread 0, the judge).
    static var kindNamesAnInstance: ProtocolModel {
        ProtocolModel("judge", summary: "another kind names thread[0]") { _ in
            let count = Global("count", .u8)
            let unfair = Global("unfair", .bool)
            count
            unfair
            let place = Local("place", .u8)
            Process("thread", instances: 3) {
                place
                Step("arrive") {
                    place <- count
                    count <- count + 1
                }
            }
            Process("judge") {
                Step("judge") {
                    If(Expr.localOf(kind: "thread", instance: 0, name: "place", index: nil) == 1) { unfair <- true }
                }
            }
            Invariant("fair") { !unfair }
        }
    }
}
