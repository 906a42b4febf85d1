import ProtocolDSL

/// Models with values beyond 32 bits, for the Promela export (test-only: not in the catalog).
enum WideValueModels {
    /// The first host virtual address of the invalidated range (above 2^32, like a real hva).
    static let rangeStart: Int64 = 0x7f6d_5a3c_7001

    /// vCPUs map the hva of their data choice (`0x7f6d5a3c7000...0x7f6d5a3c7003`); a host
    /// invalidation sets `range_end` to ~0 (-1 as a u64) and then zaps every mapping in the range. The invariant
    /// reads only the start: after the invalidation no mapping at or above it is present.
    /// With `inclusive` the zap tests `hva >= range_start` (holds); without, `hva > range_start`
    /// misses the mapping at the start itself (violated). Truncated to 32 bits, `range_end`
    /// becomes -1, the zap never fires, and the holding preset looks violated.
    static let hvaRange = ProtocolModel(
        "hva-range", summary: "an invalidation of hva range_start...~0 against vCPU mappings",
        flags: [.bool("inclusive", default: true, "the zap's range test includes range_start")],
        parameters: [ParameterDecl("vcpus", default: 2, range: 1...3, "vCPUs mapping an hva")],
        presets: [
            Preset("inclusive", ["inclusive": "true"], expected: .holds, "hva >= range_start"),
            Preset("exclusive", ["inclusive": "false"], expected: .violated, "hva > range_start: misses the start"),
        ]
    ) { cfg in
        let n = cfg.param("vcpus")
        let start = Global("range_start", .u64, initial: .value(Expr.int(rangeStart)))
        let end = Global("range_end", .u64)
        let invalidating = Global("invalidating", .bool)
        let done = Global("done", .bool)
        let spteHva = GlobalArray("spte_hva", .u64, count: n, initial: .value(0))
        let present = GlobalArray("spte_present", .bool, count: n, initial: .value(false))
        start
        end
        invalidating
        done
        spteHva
        present
        Process("vcpu", instances: n) {
            let hva = Local("hva", .u64, initial: .any(lo: rangeStart - 1, hi: rangeStart + 2))
            hva
            // A fault during the invalidation gives up (it would retry in KVM).
            Step("fault") {
                If(!invalidating) {
                    spteHva[selfIndex] <- hva
                    present[selfIndex] <- true
                }
            }
        }
        Process("invalidator") {
            Step("start") {
                invalidating <- true
                end <- -1
            }
            Step("zap") {
                for i in 0..<n {
                    If(present[Expr.int(Int64(i))]
                        && (cfg.flag("inclusive") ? spteHva[Expr.int(Int64(i))] >= start : spteHva[Expr.int(Int64(i))] > start)
                        && spteHva[Expr.int(Int64(i))] <= end) {
                        present[Expr.int(Int64(i))] <- false
                    }
                }
            }
            Step("end") { done <- true }
        }
        Invariant("no_mapping_in_range_after_invalidation") {
            (0..<n).map { i in !done || !(present[Expr.int(Int64(i))] && spteHva[Expr.int(Int64(i))] >= start) }
                .reduce(Expr.bool(true)) { $0 && $1 }
        }
    }

    /// A u32 at 2^31 and one below it, swapped by a step: in Promela's signed int 2^31 would be
    /// negative and `high > low` false. Holds (the invariant compares the two either way round).
    static let unsignedHalf = ProtocolModel("unsigned-half", summary: "u32 values from 2^31") { _ in
        let high = Global("high", .u32, initial: .value(Expr.int(0x8000_0000)))
        let low = Global("low", .u32, initial: .value(Expr.int(0x7fff_ffff)))
        let swapped = Global("swapped", .bool)
        high
        low
        swapped
        Process("swapper") {
            Step("swap") {
                high <- low
                low <- Expr.int(0x8000_0000)
                swapped <- true
            }
        }
        Invariant("ordered") { ite(swapped, low > high, high > low) }
    }

    /// `hva + 0x1000` on a value beyond 32 bits: arithmetic the export cannot write.
    static let hvaArithmetic = ProtocolModel("hva-arithmetic", summary: "an hva computed with") { _ in
        let next = Global("next_hva", .u64)
        next
        Process("vcpu") {
            let hva = Local("hva", .u64, initial: .value(Expr.int(rangeStart)))
            hva
            Step("advance") { next <- hva + 0x1000 }
        }
        Invariant("above") { next > 0x1000 }
    }

    /// A data choice over `0...hi` of a u64: too many values to encode beyond 32 bits.
    static func wideChoice(hi: Int64) -> ProtocolModel {
        ProtocolModel("wide-choice", summary: "a wide data choice") { _ in
            let copy = Global("copy", .u64)
            copy
            Process("reader") {
                let seq = Local("seq", .u64, initial: .any(lo: 0, hi: hi))
                seq
                Step("read") { copy <- seq }
            }
            Invariant("copied") { copy <= copy }
        }
    }

    /// A u64 counter in a loop that stays below 2^32: the static analysis widens it to the
    /// whole type, the exploration finds its five values; the export is the plain one.
    static let loopCounter = ProtocolModel("loop-counter", summary: "a small u64 counter in a loop") { _ in
        let count = Global("count", .u64)
        count
        Process("counter") {
            Step("inc") {
                count <- count + 1
                If(count < 4) { Goto("inc") }
            }
        }
        Invariant("bounded") { count <= 4 }
    }
}
