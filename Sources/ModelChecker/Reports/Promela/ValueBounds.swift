import ProtocolDSL

/// What a value of the model can be, as mathematical integers: the exact set while it is
/// small, and always an interval that contains it. The fidelity check of the Promela export
/// computes these for every variable and every subexpression.
struct ValueBounds: Equatable, Sendable {
    /// The least possible value.
    private(set) var lo: Int128
    /// The greatest possible value.
    private(set) var hi: Int128
    /// Every possible value, while there are at most `exactLimit`; nil past that.
    private(set) var exact: Set<Int128>?

    /// The most values kept as a set.
    static let exactLimit: Int = 4096
    /// The most pairs combined one by one in a binary operation (else intervals).
    static let pairLimit: Int = 1 << 16

    /// Promela's `int`: 32-bit two's complement.
    static let int32: ClosedRange<Int128> = -(1 << 31)...((1 << 31) - 1)

    /// One value.
    init(_ v: Int128) {
        lo = v
        hi = v
        exact = [v]
    }

    /// A set of values (not empty).
    init(values: Set<Int128>) {
        lo = values.min()!
        hi = values.max()!
        exact = values.count <= Self.exactLimit ? values : nil
    }

    /// Every value in `lo...hi`.
    init(range: ClosedRange<Int128>) {
        lo = range.lowerBound
        hi = range.upperBound
        exact = range.upperBound - range.lowerBound < Int128(Self.exactLimit) ? Set(range) : nil
    }

    /// Every value of `type`.
    init(type: ValueType) { self.init(range: Self.range(of: type)) }

    /// The Booleans.
    static let boolean = ValueBounds(values: [0, 1])

    /// The values of a type, as mathematical integers.
    static func range(of type: ValueType) -> ClosedRange<Int128> {
        switch type {
        case .bool: return 0...1
        case .enumeration(let e): return 0...Int128(max(0, e.cases.count - 1))
        case .int(let w, true): return -(Int128(1) << (w - 1))...((Int128(1) << (w - 1)) - 1)
        case .int(let w, false): return 0...((Int128(1) << w) - 1)
        }
    }

    /// The mathematical value of a stored bit pattern of `type`.
    static func value(bits: UInt64, _ type: ValueType) -> Int128 {
        if case .int(let w, true) = type { return Int128(signExtend(bits, from: w)) }
        return Int128(type.normalize(bits))
    }

    /// The mathematical value of an `Int64` given "in the type" (initial values, choose ranges).
    static func value(declared v: Int64, _ type: ValueType) -> Int128 {
        value(bits: UInt64(bitPattern: v), type)
    }

    /// A range given "in the type" (`Variable.initial`, choose statements), as mathematical integers.
    static func range(declared lo: Int64, _ hi: Int64, _ type: ValueType) -> ClosedRange<Int128> {
        value(declared: lo, type)...value(declared: hi, type)
    }

    /// The values `Choose(x, in: lo...hi)` stores in an `x` of `type`: each value of `lo...hi`
    /// converted to the type as an assignment does (so -1 into a u8 is 255, and `lo...hi` may wrap).
    static func chosen(_ lo: Int64, _ hi: Int64, _ type: ValueType) -> ValueBounds {
        let raw = Int128(lo)...Int128(hi)
        if raw.clamped(to: range(of: type)) == raw { return ValueBounds(range: raw) }
        if raw.upperBound - raw.lowerBound < Int128(exactLimit) {
            return ValueBounds(values: Set((lo...hi).map { value(declared: $0, type) }))
        }
        return ValueBounds(type: type)
    }

    /// Every value of a range given "in the type".
    init(declared r: ClosedRange<Int64>, _ type: ValueType) {
        self.init(range: Self.range(declared: r.lowerBound, r.upperBound, type))
    }

    /// Whether every value lies in `range`.
    func within(_ range: ClosedRange<Int128>) -> Bool { range.contains(lo) && range.contains(hi) }

    /// Whether the only possible value is `v`.
    func isOnly(_ v: Int128) -> Bool { lo == v && hi == v }

    /// The values of both.
    func joined(_ o: ValueBounds) -> ValueBounds {
        var r = self
        r.lo = min(lo, o.lo)
        r.hi = max(hi, o.hi)
        if let a = exact, let b = o.exact, a.count + b.count <= 2 * Self.exactLimit {
            let u = a.union(b)
            r.exact = u.count <= Self.exactLimit ? u : nil
        } else {
            r.exact = nil
        }
        return r
    }

    /// `f` applied to each value when the set is known, else `interval` applied to the bounds.
    func map(_ f: (Int128) -> Int128, interval: (Int128, Int128) -> ClosedRange<Int128>) -> ValueBounds {
        if let a = exact { return ValueBounds(values: Set(a.map(f))) }
        return ValueBounds(range: interval(lo, hi))
    }

    /// `f` on each pair when both sets are known and small enough, else `interval` on the bounds.
    func combine(_ o: ValueBounds, _ f: (Int128, Int128) -> Int128,
                 interval: (ValueBounds, ValueBounds) -> ClosedRange<Int128>) -> ValueBounds {
        if let a = exact, let b = o.exact, a.count * b.count <= Self.pairLimit {
            var out: Set<Int128> = []
            for x in a { for y in b { out.insert(f(x, y)) } }
            return ValueBounds(values: out)
        }
        return ValueBounds(range: interval(self, o))
    }

    /// The values after C's conversion to `type` (two's complement wrap-around).
    func wrapped(to type: ValueType) -> ValueBounds {
        let r = Self.range(of: type)
        if within(r) { return self }
        guard case .int(let w, let signed) = type else { return ValueBounds(range: r) }
        let modulus = Int128(1) << w
        func wrap(_ v: Int128) -> Int128 {
            var m = v % modulus
            if m < 0 { m += modulus }
            return signed && m > r.upperBound ? m - modulus : m
        }
        if let a = exact { return ValueBounds(values: Set(a.map(wrap))) }
        return ValueBounds(range: r)
    }

    /// The smallest k with |v| < 2^k for every value.
    var magnitudeBits: Int {
        let m = max(lo.magnitude, hi.magnitude)
        return m == 0 ? 0 : UInt128.bitWidth - m.leadingZeroBitCount
    }

    /// The values as text: the set when small, else the interval.
    var text: String {
        if let a = exact, a.count <= 4 { return "{" + a.sorted().map(String.init).joined(separator: ", ") + "}" }
        return "\(lo)...\(hi)"
    }
}
