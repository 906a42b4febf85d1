import CZ3

/// A mathematical integer Z3 term.
public struct IntTerm {
    /// The underlying handle.
    public let term: Term

    /// Wraps a handle known to be an integer.
    public init(_ term: Term) { self.term = term }

    var ctx: Z3Context { term.context }

    /// The integer constant `value`.
    public static func literal(_ value: Int64, in ctx: Z3Context) -> IntTerm {
        IntTerm(ctx.wrap(Z3_mk_int64(ctx.raw, value, Z3_mk_int_sort(ctx.raw)), fallback: Z3_mk_true(ctx.raw)))
    }

    /// A fresh integer constant named `name`.
    public static func variable(_ name: String, in ctx: Z3Context) -> IntTerm {
        let sym = Z3_mk_string_symbol(ctx.raw, name)
        return IntTerm(ctx.wrap(Z3_mk_const(ctx.raw, sym, Z3_mk_int_sort(ctx.raw)), fallback: Z3_mk_true(ctx.raw)))
    }

    private func nary(_ b: IntTerm, _ f: (Z3_context?, UInt32, UnsafePointer<Z3_ast?>?) -> Z3_ast?) -> IntTerm {
        let r = withASTs([term, b.term]) { f(ctx.raw, $1, $0) }
        return IntTerm(ctx.wrap(r, fallback: term.ast))
    }

    private func compare(_ b: IntTerm, _ f: (Z3_context?, Z3_ast?, Z3_ast?) -> Z3_ast?) -> BoolTerm {
        BoolTerm(ctx.wrap(f(ctx.raw, term.ast, b.term.ast), fallback: Z3_mk_true(ctx.raw)))
    }

    /// Addition.
    public static func + (a: IntTerm, b: IntTerm) -> IntTerm { a.nary(b, Z3_mk_add) }
    /// Subtraction.
    public static func - (a: IntTerm, b: IntTerm) -> IntTerm { a.nary(b, Z3_mk_sub) }
    /// Multiplication.
    public static func * (a: IntTerm, b: IntTerm) -> IntTerm { a.nary(b, Z3_mk_mul) }
    /// Equality.
    public func eq(_ b: IntTerm) -> BoolTerm { compare(b, Z3_mk_eq) }
    /// Less-than.
    public func lt(_ b: IntTerm) -> BoolTerm { compare(b, Z3_mk_lt) }
    /// Less-or-equal.
    public func le(_ b: IntTerm) -> BoolTerm { compare(b, Z3_mk_le) }

    /// The term in SMT-LIB2 syntax.
    public var smtlib: String { term.smtlib }
}
