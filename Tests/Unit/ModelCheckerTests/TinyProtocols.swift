import ProtocolDSL

/// Small protocols whose shortest counterexamples are known by hand.
enum TinyProtocols {
    /// A "test-and-set" lock without the test: both threads set the flag and enter.
    /// Shortest violation: t0.set, t0.enter, t1.set, t1.enter (4 steps). With `test`, it holds.
    static func testAndSet(test: Bool) -> ProtocolModel {
        ProtocolModel("tas", summary: "test-and-set") { _ in
            let flag = Global("flag", .bool)
            let inCS = Global("in_cs", .u8)
            flag
            inCS
            Process("thread", instances: 2) {
                if test {
                    Step("set", await: !flag) { flag <- true }
                } else {
                    Step("set") { flag <- true }
                }
                Step("enter") { inCS <- inCS + 1 }
                Step("exit") {
                    inCS <- inCS - 1
                    flag <- false
                }
            }
            Invariant("mutual_exclusion") { inCS <= 1 }
        }
    }

    /// Peterson's algorithm; `broken` sets `turn` before the flag.
    /// Broken: each thread needs turn, flag, enter before both are inside: 6 steps.
    static func peterson(broken: Bool) -> ProtocolModel {
        ProtocolModel("peterson", summary: "Peterson") { _ in
            let flags = GlobalArray("flag", .bool, count: 2, initial: .elements([false, false]))
            let turn = Global("turn", .u8)
            let inCS = Global("in_cs", .u8)
            flags
            turn
            inCS
            Process("thread", instances: 2) {
                if broken {
                    Step("turn") { turn <- 1 - selfIndex }
                    Step("flag") { flags[selfIndex] <- true }
                } else {
                    Step("flag") { flags[selfIndex] <- true }
                    Step("turn") { turn <- 1 - selfIndex }
                }
                Step("enter", await: !flags[1 - selfIndex] || turn == selfIndex) { inCS <- inCS + 1 }
                Step("exit") {
                    inCS <- inCS - 1
                    flags[selfIndex] <- false
                }
            }
            Invariant("mutual_exclusion") { inCS <= 1 }
        }
    }

    /// A 64-bit counter at 0xFFFF_FFFF, incremented, then snapshot into 32 bits: the snapshot is 0.
    /// Shortest violation of `snapshot_nonzero`: inc, snap (2 steps).
    static func counterSnapshot() -> ProtocolModel {
        ProtocolModel("snapshot", summary: "u64 -> u32") { _ in
            let ctr = Global("ctr", .u64, initial: .value(0xFFFF_FFFF))
            let snap = Global("snap", .u32, initial: .value(1))
            ctr
            snap
            Process("reader") {
                Step("inc") { ctr <- ctr + 1 }
                Step("snap") { snap <- ctr }
            }
            Invariant("snapshot_nonzero") { snap != 0 }
        }
    }

    /// Widening: an i8 of -1 becomes -1 as i32 (sign extension); a u8 of 255 stays 255.
    /// The invariant is false after the single step only if widening went wrong.
    static func widening() -> ProtocolModel {
        ProtocolModel("widening", summary: "sign and zero extension") { _ in
            let s8 = Global("s8", .i8, initial: .value(-1))
            let u8 = Global("u8", .u8, initial: .value(255))
            let s32 = Global("s32", .i32)
            let u32 = Global("u32", .i32)
            let done = Global("done", .bool)
            s8
            u8
            s32
            u32
            done
            Process("p") {
                Step("widen") {
                    s32 <- s8
                    u32 <- u8
                    done <- true
                }
            }
            Invariant("c_semantics") { done ==> (s32 == -1 && u32 == 255 && s8 < 0 && u8 > 0) }
        }
    }

    /// Two threads take two mutexes in opposite orders: a deadlock after 2 steps.
    static func lockOrder() -> ProtocolModel {
        ProtocolModel("abba", summary: "lock order inversion") { _ in
            let a = Mutex("a")
            let b = Mutex("b")
            a
            b
            Process("t0") {
                Acquire("lock_a", a)
                Acquire("lock_b", b)
                Step("unlock") {
                    Release(b)
                    Release(a)
                }
            }
            Process("t1") {
                Acquire("lock_b", b)
                Acquire("lock_a", a)
                Step("unlock") {
                    Release(a)
                    Release(b)
                }
            }
        }
    }

    /// A release of a lock never taken: lock misuse in 1 step.
    static func badRelease() -> ProtocolModel {
        ProtocolModel("bad-release", summary: "release without acquire") { _ in
            let m = Mutex("m")
            m
            Process("t") {
                Step("oops") { Release(m) }
            }
        }
    }

    /// An array write whose index is a data choice 0...2 on an array of 2: out of bounds in 1 step.
    static func outOfBounds() -> ProtocolModel {
        ProtocolModel("oob", summary: "index out of bounds") { _ in
            let arr = GlobalArray("arr", .u8, count: 2)
            arr
            let i = Local("i", .u8, initial: .any(lo: 0, hi: 2))
            Process("t") {
                i
                Step("write") { arr[i] <- 7 }
            }
        }
    }

    /// A loop that never ends: no full depth.
    static func spinner() -> ProtocolModel {
        ProtocolModel("spin", summary: "endless loop") { _ in
            let n = Global("n", .u8)
            n
            Process("t") {
                Step("tick") {
                    n <- n + 1
                    Goto("tick")
                }
            }
            Invariant("true") { true }
        }
    }
}
