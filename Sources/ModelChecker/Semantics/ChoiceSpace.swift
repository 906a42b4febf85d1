import ProtocolDSL

/// Counting the data choices before enumerating them: the explicit engines store one state per
/// initial choice and one outcome per combination of a step's `choose` values, so a range such
/// as 0...Int64.max must be recognized as too wide up front, not discovered by allocating it.
extension Interpreter {
    /// The number of values in `r`, or nil when it exceeds `Int.max` (0...Int64.max has 2^63).
    static func size(of r: ClosedRange<Int64>) -> Int? {
        let (d, overflow) = r.upperBound.subtractingReportingOverflow(r.lowerBound)
        if overflow || d == Int64.max { return nil }
        return Int(d) + 1
    }

    /// The product of `sizes`, or nil when some factor or the product exceeds `Int.max`.
    static func product(_ sizes: [Int?]) -> Int? {
        var n = 1
        for s in sizes {
            guard let s else { return nil }
            let (p, overflow) = n.multipliedReportingOverflow(by: s)
            if overflow { return nil }
            n = p
        }
        return n
    }

    /// The number of initial states (the product of every data choice's range size), or nil
    /// when it exceeds `Int.max`.
    public var initialStateCount: Int? {
        Self.product(choiceSlots.map { Self.size(of: layout.initialRange(ofSlot: $0)) })
    }

    /// Why the explicit engines cannot enumerate this program's data choices within `capacity`
    /// states, or nil when they can: the initial states, or the outcomes of one step (the
    /// product of the ranges of the `choose` statements it can reach), number more than that.
    public func enumerationObstacle(capacity: Int) -> String? {
        if initialStateCount.map({ $0 > capacity }) ?? true {
            let widest = choiceSlots.max { a, b in
                (Self.size(of: layout.initialRange(ofSlot: a)) ?? Int.max)
                    < (Self.size(of: layout.initialRange(ofSlot: b)) ?? Int.max)
            }!
            let r = layout.initialRange(ofSlot: widest)
            return "the initial data choices give \(Self.describe(initialStateCount)) initial states "
                + "(\(layout.names[widest]) ranges over \(r.lowerBound)...\(r.upperBound)), more than the "
                + "\(capacity) the explicit search can store"
        }
        for kind in program.kinds where kind.chooseSites > 0 {
            for step in kind.steps {
                let sites = sitesOf(step.body)
                let outcomes = Self.product(sites.map { Self.size(of: kind.chooseRanges[$0]) })
                if outcomes.map({ $0 > capacity }) ?? true {
                    return "step \(kind.name)@\(step.label) chooses among \(Self.describe(outcomes)) values, "
                        + "more than the \(capacity) states the explicit search can store"
                }
            }
        }
        return nil
    }

    /// A count for messages; nil is a count past `Int.max`.
    static func describe(_ count: Int?) -> String {
        count.map(String.init) ?? "more than \(Int.max)"
    }
}
