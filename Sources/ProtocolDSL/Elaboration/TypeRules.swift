/// C's integer promotions and usual arithmetic conversions, restricted to the DSL's types.
enum TypeRules {
    /// Integer promotion: types narrower than 32 bits become `i32`.
    static func promote(_ t: ValueType) -> ValueType {
        if case .int(let bits, _) = t, bits < 32 { return .i32 }
        return t
    }

    /// The common type of two promoted integer types: the wider one; at equal width unsigned wins.
    static func common(_ a: ValueType, _ b: ValueType) -> ValueType {
        let pa = promote(a), pb = promote(b)
        guard case .int(let wa, let sa) = pa, case .int(let wb, let sb) = pb else { return pa }
        if wa > wb { return pa }
        if wb > wa { return pb }
        return .int(bits: wa, signed: sa && sb)
    }

    /// Converts a literal to a bit pattern of type `t` (C conversion: low bits of two's complement).
    static func literalBits(_ v: Int64, _ t: ValueType) -> UInt64 {
        t.normalize(UInt64(bitPattern: v))
    }
}
