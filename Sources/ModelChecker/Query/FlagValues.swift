/// Which values of one flag keep the property, given the flips of that flag from a base that holds.
///
/// A boolean flag is necessary when its other value breaks the property; an enumeration flag
/// is necessary only when every other value breaks it. When some other values keep the
/// property and some break it, neither "necessary" nor "does not matter" is true, and the
/// summary says which values are which.
public struct FlagValues: Sendable, Equatable {
    /// The flag.
    public let flag: String
    /// Its value in the base configuration (which holds).
    public let base: String
    /// The values that keep the property, the base first, then in declaration order.
    public let keeping: [String]
    /// The values whose shortest counterexample was found, in declaration order.
    public let breaking: [String]
    /// The values that were not decided (engine unknown, or the model rejects the value).
    public let undecided: [String]

    /// Creates a summary.
    public init(flag: String, base: String, keeping: [String], breaking: [String], undecided: [String]) {
        self.flag = flag
        self.base = base
        self.keeping = keeping
        self.breaking = breaking
        self.undecided = undecided
    }

    /// What the values say about the flag.
    public enum Role: Sendable, Equatable {
        /// Only the base value keeps the property.
        case necessary
        /// Every value keeps the property.
        case irrelevant
        /// Some other values keep it and some break it.
        case someValues
        /// Some values were not decided, so neither of the above can be said.
        case undecided
    }

    /// The flag's role.
    public var role: Role {
        if !undecided.isEmpty { return .undecided }
        if breaking.isEmpty { return .irrelevant }
        return keeping == [base] ? .necessary : .someValues
    }

    /// One summary per flipped flag, in the order the flips were made.
    public static func summarize(_ flips: [FlagFlips.Flip]) -> [FlagValues] {
        var order: [String] = []
        var byFlag: [String: [FlagFlips.Flip]] = [:]
        for f in flips {
            if byFlag[f.flag] == nil { order.append(f.flag) }
            byFlag[f.flag, default: []].append(f)
        }
        return order.map { flag in
            let fs = byFlag[flag]!
            var keeping = [fs[0].from], breaking: [String] = [], undecided: [String] = []
            for f in fs {
                switch f.verdict {
                case .holds: keeping.append(f.to)
                case .breaks, .breaksIn: breaking.append(f.to)
                case .unknown, .rejected: undecided.append(f.to)
                }
            }
            return FlagValues(flag: flag, base: fs[0].from, keeping: keeping, breaking: breaking, undecided: undecided)
        }
    }
}
