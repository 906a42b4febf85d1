import ProtocolDSL

/// Protocols whose data choices are far too wide to enumerate, so that only a symbolic engine
/// can decide them.
enum WideChoiceProtocols {
    /// A ticket spinlock whose counters start at the same arbitrary value `start` (a data choice
    /// over `range`, the whole u32 range by default): a thread takes `ticket = next++`, waits
    /// for `owner` to reach it, and passes the lock on with `owner++`.
    ///
    /// Flag `wait`: `eq` waits for `owner == ticket` (correct across wraparound); `ge` waits for
    /// `owner >= ticket`, which lets a thread whose ticket wrapped to 0 in while `owner` is
    /// still at the top of the range: boot, take, take, wait (the wrapped ticket), wait =
    /// 5 steps, reachable only from `start` = the range's top.
    /// With `pickStart`, `start` is not an initial data choice but chosen by the boot step
    /// (`Choose(start, in: range)`).
    static func ticketLock(type: ValueType = .u32, range: ClosedRange<Int64> = 0...4_294_967_295,
                           pickStart: Bool = false) -> ProtocolModel {
        ProtocolModel(
            "ticket-lock", summary: "a ticket spinlock whose counters start anywhere",
            flags: [.choice("wait", ["eq", "ge"], default: "eq", "how a waiter compares owner with its ticket")],
            presets: [
                Preset("correct", ["wait": "eq"], expected: .holds, "owner == ticket"),
                Preset("wraps", ["wait": "ge"], expected: .violated, "owner >= ticket breaks at wraparound"),
            ]
        ) { cfg in
            let start = pickStart ? Global("start", type) : Global("start", type, initial: .any(lo: range.lowerBound,
                                                                                              hi: range.upperBound))
            let next = Global("next", type)
            let owner = Global("owner", type)
            let ready = Global("ready", .bool)
            let inCS = Global("in_cs", .u8)
            start
            next
            owner
            ready
            inCS
            Process("boot") {
                Step("boot") {
                    if pickStart { Choose(start, in: range) }
                    next <- start
                    owner <- start
                    ready <- true
                }
            }
            let ticket = Local("ticket", type)
            Process("thread", instances: 2) {
                ticket
                Step("take", await: ready) {
                    ticket <- next
                    next <- next + 1
                }
                Step("wait", await: cfg.choice("wait") == "eq" ? owner == ticket : owner >= ticket) {
                    inCS <- inCS + 1
                }
                Step("unlock") {
                    inCS <- inCS - 1
                    owner <- owner + 1
                }
            }
            Invariant("mutual_exclusion") { inCS <= 1 }
        }
    }

    /// The program of `model`'s `preset`.
    static func program(_ model: ProtocolModel, _ preset: String) throws -> Program {
        try model.instantiate(try model.configuration(preset: preset))
    }
}
