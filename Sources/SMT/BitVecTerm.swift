import CZ3

/// A fixed-width bit-vector Z3 term; signedness is a property of the operation, as in SMT-LIB.
public struct BitVecTerm {
    /// The underlying handle.
    public let term: Term
    /// The width in bits.
    public let width: Int

    /// Wraps a handle known to be a bit-vector of `width` bits.
    public init(_ term: Term, width: Int) {
        self.term = term
        self.width = width
    }

    var ctx: Z3Context { term.context }

    static func sort(_ width: Int, _ ctx: Z3Context) -> Z3_sort {
        Z3_mk_bv_sort(ctx.raw, UInt32(width))
    }

    /// Z3 has no bit-vectors of fewer than 1 bit (it returns no sort): record an error and stand in a 1-bit zero.
    private static func badWidth(_ width: Int, _ ctx: Z3Context) -> BitVecTerm? {
        if width >= 1 && width <= Int(UInt32.max) { return nil }
        ctx.record(SMTError(code: "mmuspec", message: "bit-vector width \(width) is not positive"))
        return BitVecTerm(ctx.wrap(Z3_mk_unsigned_int64(ctx.raw, 0, sort(1, ctx)), fallback: Z3_mk_true(ctx.raw)), width: 1)
    }

    /// The constant whose two's-complement bit pattern is `bits`, truncated to `width` bits.
    public static func literal(_ bits: UInt64, width: Int, in ctx: Z3Context) -> BitVecTerm {
        if let bad = badWidth(width, ctx) { return bad }
        let masked = width >= 64 ? bits : bits & ((1 << UInt64(width)) - 1)
        let s = sort(width, ctx)
        return BitVecTerm(ctx.wrap(Z3_mk_unsigned_int64(ctx.raw, masked, s), fallback: Z3_mk_true(ctx.raw)), width: width)
    }

    /// A fresh bit-vector constant named `name`.
    public static func variable(_ name: String, width: Int, in ctx: Z3Context) -> BitVecTerm {
        if let bad = badWidth(width, ctx) { return bad }
        let sym = Z3_mk_string_symbol(ctx.raw, name)
        return BitVecTerm(ctx.wrap(Z3_mk_const(ctx.raw, sym, sort(width, ctx)), fallback: Z3_mk_true(ctx.raw)), width: width)
    }

    private func binary(_ b: BitVecTerm, _ f: (Z3_context?, Z3_ast?, Z3_ast?) -> Z3_ast?) -> BitVecTerm {
        guard sameWidth(b) else { return self }
        return BitVecTerm(ctx.wrap(f(ctx.raw, term.ast, b.term.ast), fallback: term.ast), width: width)
    }

    private func compare(_ b: BitVecTerm, _ f: (Z3_context?, Z3_ast?, Z3_ast?) -> Z3_ast?) -> BoolTerm {
        guard sameWidth(b) else { return BoolTerm.literal(false, in: ctx) }
        return BoolTerm(ctx.wrap(f(ctx.raw, term.ast, b.term.ast), fallback: Z3_mk_true(ctx.raw)))
    }

    private func sameWidth(_ b: BitVecTerm) -> Bool {
        if width == b.width { return true }
        ctx.record(SMTError(code: "mmuspec", message: "bit-vector widths differ: \(width) and \(b.width)"))
        return false
    }

    /// Wrap-around addition.
    public static func + (a: BitVecTerm, b: BitVecTerm) -> BitVecTerm { a.binary(b, Z3_mk_bvadd) }
    /// Wrap-around subtraction.
    public static func - (a: BitVecTerm, b: BitVecTerm) -> BitVecTerm { a.binary(b, Z3_mk_bvsub) }
    /// Wrap-around multiplication.
    public static func * (a: BitVecTerm, b: BitVecTerm) -> BitVecTerm { a.binary(b, Z3_mk_bvmul) }
    /// Bitwise and.
    public static func & (a: BitVecTerm, b: BitVecTerm) -> BitVecTerm { a.binary(b, Z3_mk_bvand) }
    /// Bitwise or.
    public static func | (a: BitVecTerm, b: BitVecTerm) -> BitVecTerm { a.binary(b, Z3_mk_bvor) }
    /// Bitwise exclusive or.
    public static func ^ (a: BitVecTerm, b: BitVecTerm) -> BitVecTerm { a.binary(b, Z3_mk_bvxor) }
    /// Bitwise complement.
    public static prefix func ~ (a: BitVecTerm) -> BitVecTerm {
        BitVecTerm(a.ctx.wrap(Z3_mk_bvnot(a.ctx.raw, a.term.ast), fallback: a.term.ast), width: a.width)
    }
    /// Unsigned division (SMT-LIB: division by zero gives all ones).
    public func udiv(_ b: BitVecTerm) -> BitVecTerm { binary(b, Z3_mk_bvudiv) }
    /// Unsigned remainder.
    public func urem(_ b: BitVecTerm) -> BitVecTerm { binary(b, Z3_mk_bvurem) }
    /// Signed division rounding toward zero, as in C.
    public func sdiv(_ b: BitVecTerm) -> BitVecTerm { binary(b, Z3_mk_bvsdiv) }
    /// Signed remainder with the dividend's sign, as in C.
    public func srem(_ b: BitVecTerm) -> BitVecTerm { binary(b, Z3_mk_bvsrem) }
    /// Left shift.
    public func shl(_ b: BitVecTerm) -> BitVecTerm { binary(b, Z3_mk_bvshl) }
    /// Logical right shift.
    public func lshr(_ b: BitVecTerm) -> BitVecTerm { binary(b, Z3_mk_bvlshr) }
    /// Arithmetic right shift.
    public func ashr(_ b: BitVecTerm) -> BitVecTerm { binary(b, Z3_mk_bvashr) }

    /// Equality.
    public func eq(_ b: BitVecTerm) -> BoolTerm { compare(b, Z3_mk_eq) }
    /// Unsigned less-than.
    public func ult(_ b: BitVecTerm) -> BoolTerm { compare(b, Z3_mk_bvult) }
    /// Unsigned less-or-equal.
    public func ule(_ b: BitVecTerm) -> BoolTerm { compare(b, Z3_mk_bvule) }
    /// Signed less-than.
    public func slt(_ b: BitVecTerm) -> BoolTerm { compare(b, Z3_mk_bvslt) }
    /// Signed less-or-equal.
    public func sle(_ b: BitVecTerm) -> BoolTerm { compare(b, Z3_mk_bvsle) }

    /// Bits `high` down to `low` (inclusive), a term of `high - low + 1` bits.
    public func extract(high: Int, low: Int) -> BitVecTerm {
        guard high < width, low >= 0, high >= low else {
            ctx.record(SMTError(code: "mmuspec", message: "extract [\(high):\(low)] of a \(width)-bit term"))
            return self
        }
        return BitVecTerm(ctx.wrap(Z3_mk_extract(ctx.raw, UInt32(high), UInt32(low), term.ast), fallback: term.ast),
                          width: high - low + 1)
    }

    /// Widens by `extra` zero bits.
    public func zeroExtend(_ extra: Int) -> BitVecTerm {
        if extra == 0 { return self }
        guard extra > 0 else {
            ctx.record(SMTError(code: "mmuspec", message: "zeroExtend by \(extra) bits of a \(width)-bit term"))
            return self
        }
        return BitVecTerm(ctx.wrap(Z3_mk_zero_ext(ctx.raw, UInt32(extra), term.ast), fallback: term.ast), width: width + extra)
    }

    /// Widens by `extra` copies of the sign bit.
    public func signExtend(_ extra: Int) -> BitVecTerm {
        if extra == 0 { return self }
        guard extra > 0 else {
            ctx.record(SMTError(code: "mmuspec", message: "signExtend by \(extra) bits of a \(width)-bit term"))
            return self
        }
        return BitVecTerm(ctx.wrap(Z3_mk_sign_ext(ctx.raw, UInt32(extra), term.ast), fallback: term.ast), width: width + extra)
    }

    /// Converts to `newWidth` bits with C semantics: truncate, or extend by sign (`signed`) or zeros.
    public func resized(to newWidth: Int, signed: Bool) -> BitVecTerm {
        if newWidth == width { return self }
        if newWidth < width { return extract(high: newWidth - 1, low: 0) }
        return signed ? signExtend(newWidth - width) : zeroExtend(newWidth - width)
    }

    /// The term in SMT-LIB2 syntax.
    public var smtlib: String { term.smtlib }
}
