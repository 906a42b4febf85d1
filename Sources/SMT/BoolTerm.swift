import CZ3

/// A Boolean Z3 term.
public struct BoolTerm {
    /// The underlying handle.
    public let term: Term

    /// Wraps a handle that is known to be Boolean.
    public init(_ term: Term) { self.term = term }

    var ctx: Z3Context { term.context }

    /// The constant `true` or `false`.
    public static func literal(_ value: Bool, in ctx: Z3Context) -> BoolTerm {
        BoolTerm(ctx.wrap(value ? Z3_mk_true(ctx.raw) : Z3_mk_false(ctx.raw), fallback: Z3_mk_true(ctx.raw)))
    }

    /// A fresh Boolean constant named `name`.
    public static func variable(_ name: String, in ctx: Z3Context) -> BoolTerm {
        let sym = Z3_mk_string_symbol(ctx.raw, name)
        return BoolTerm(ctx.wrap(Z3_mk_const(ctx.raw, sym, Z3_mk_bool_sort(ctx.raw)), fallback: Z3_mk_true(ctx.raw)))
    }

    /// The conjunction of `terms` (`true` when empty).
    public static func and(_ terms: [BoolTerm], in ctx: Z3Context) -> BoolTerm {
        if terms.isEmpty { return literal(true, in: ctx) }
        if terms.count == 1 { return terms[0] }
        let r = withASTs(terms.map(\.term)) { Z3_mk_and(ctx.raw, $1, $0) }
        return BoolTerm(ctx.wrap(r, fallback: Z3_mk_true(ctx.raw)))
    }

    /// The disjunction of `terms` (`false` when empty).
    public static func or(_ terms: [BoolTerm], in ctx: Z3Context) -> BoolTerm {
        if terms.isEmpty { return literal(false, in: ctx) }
        if terms.count == 1 { return terms[0] }
        let r = withASTs(terms.map(\.term)) { Z3_mk_or(ctx.raw, $1, $0) }
        return BoolTerm(ctx.wrap(r, fallback: Z3_mk_true(ctx.raw)))
    }

    /// Negation.
    public static prefix func ! (a: BoolTerm) -> BoolTerm {
        BoolTerm(a.ctx.wrap(Z3_mk_not(a.ctx.raw, a.term.ast), fallback: Z3_mk_true(a.ctx.raw)))
    }

    /// Conjunction of two terms.
    public static func && (a: BoolTerm, b: BoolTerm) -> BoolTerm { and([a, b], in: a.ctx) }

    /// Disjunction of two terms.
    public static func || (a: BoolTerm, b: BoolTerm) -> BoolTerm { or([a, b], in: a.ctx) }

    /// Implication `self => b`.
    public func implies(_ b: BoolTerm) -> BoolTerm {
        BoolTerm(ctx.wrap(Z3_mk_implies(ctx.raw, term.ast, b.term.ast), fallback: Z3_mk_true(ctx.raw)))
    }

    /// Equivalence `self <=> b`.
    public func iff(_ b: BoolTerm) -> BoolTerm {
        BoolTerm(ctx.wrap(Z3_mk_eq(ctx.raw, term.ast, b.term.ast), fallback: Z3_mk_true(ctx.raw)))
    }

    /// `if self then a else b` over Booleans.
    public func ite(_ a: BoolTerm, _ b: BoolTerm) -> BoolTerm {
        BoolTerm(ctx.wrap(Z3_mk_ite(ctx.raw, term.ast, a.term.ast, b.term.ast), fallback: Z3_mk_true(ctx.raw)))
    }

    /// `if self then a else b` over bit-vectors of one width.
    public func ite(_ a: BitVecTerm, _ b: BitVecTerm) -> BitVecTerm {
        if a.width != b.width {
            ctx.record(SMTError(code: "mmuspec", message: "ite of bit-vectors of widths \(a.width) and \(b.width)"))
            return a
        }
        return BitVecTerm(ctx.wrap(Z3_mk_ite(ctx.raw, term.ast, a.term.ast, b.term.ast), fallback: a.term.ast), width: a.width)
    }

    /// `if self then a else b` over integers.
    public func ite(_ a: IntTerm, _ b: IntTerm) -> IntTerm {
        IntTerm(ctx.wrap(Z3_mk_ite(ctx.raw, term.ast, a.term.ast, b.term.ast), fallback: a.term.ast))
    }

    /// The term in SMT-LIB2 syntax.
    public var smtlib: String { term.smtlib }
}
