/// The type of a variable or expression in a protocol.
///
/// Integers follow C: fixed width, two's complement, wrap-around on overflow. When two
/// integers meet in an operator, each operand narrower than 32 bits is first promoted to
/// `i32` (C's integer promotions), then both are converted to the wider type, and at equal
/// width to unsigned if either is unsigned (C's usual arithmetic conversions). An integer
/// literal takes the type its other operand has after promotion (so `-1` next to a `u64` is
/// `UINT64_MAX`, as in C). Assignment converts to the target type: truncation keeps the low
/// bits; widening extends the sign of a signed source and zero-fills an unsigned one.
public enum ValueType: Hashable, Sendable, CustomStringConvertible {
    /// A Boolean.
    case bool
    /// A fixed-width integer of 8, 16, 32 or 64 bits.
    case int(bits: Int, signed: Bool)
    /// A small enumeration, stored as the index of its case.
    case enumeration(EnumType)

    /// `u8`.
    public static let u8 = ValueType.int(bits: 8, signed: false)
    /// `u16`.
    public static let u16 = ValueType.int(bits: 16, signed: false)
    /// `u32`.
    public static let u32 = ValueType.int(bits: 32, signed: false)
    /// `u64`.
    public static let u64 = ValueType.int(bits: 64, signed: false)
    /// `i8`.
    public static let i8 = ValueType.int(bits: 8, signed: true)
    /// `i16`.
    public static let i16 = ValueType.int(bits: 16, signed: true)
    /// `i32`.
    public static let i32 = ValueType.int(bits: 32, signed: true)
    /// `i64`.
    public static let i64 = ValueType.int(bits: 64, signed: true)

    /// An enumeration type named `name` with the given cases.
    public static func enumeration(_ name: String, _ cases: [String]) -> ValueType {
        .enumeration(EnumType(name: name, cases: cases))
    }

    /// The number of bits a value of this type needs in a bit-vector encoding.
    public var bitWidth: Int {
        switch self {
        case .bool: return 1
        case .int(let bits, _): return bits
        case .enumeration(let e): return Swift.max(1, bitsFor(e.cases.count))
        }
    }

    /// Whether the type is an integer type.
    public var isInteger: Bool {
        if case .int = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .bool: return "bool"
        case .int(let bits, let signed): return (signed ? "i" : "u") + String(bits)
        case .enumeration(let e): return e.name
        }
    }

    /// Masks a bit pattern to this type's width.
    public func normalize(_ bits: UInt64) -> UInt64 {
        switch self {
        case .bool: return bits & 1
        case .int(let w, _): return w >= 64 ? bits : bits & ((1 << UInt64(w)) - 1)
        case .enumeration: return bits
        }
    }

    /// Renders a stored bit pattern the way a user reads it (signed values as negative numbers).
    public func render(_ bits: UInt64) -> String {
        switch self {
        case .bool: return bits != 0 ? "true" : "false"
        case .int(let w, let signed):
            if signed { return String(signExtend(bits, from: w)) }
            return String(normalize(bits))
        case .enumeration(let e):
            return Int(bits) < e.cases.count ? e.cases[Int(bits)] : "#\(bits)"
        }
    }
}

/// A small enumeration type.
public struct EnumType: Hashable, Sendable {
    /// The type's name.
    public let name: String
    /// The case names, in order; a value is a case index.
    public let cases: [String]

    /// Creates an enumeration type.
    public init(name: String, cases: [String]) {
        self.name = name
        self.cases = cases
    }
}

/// The number of bits needed to store values `0..<count`.
public func bitsFor(_ count: Int) -> Int {
    var bits = 0
    while (1 << bits) < count { bits += 1 }
    return bits
}

/// Sign-extends the low `width` bits of `bits` to a 64-bit signed value.
public func signExtend(_ bits: UInt64, from width: Int) -> Int64 {
    if width >= 64 { return Int64(bitPattern: bits) }
    let shift = UInt64(64 - width)
    return Int64(bitPattern: bits << shift) >> Int64(shift)
}
