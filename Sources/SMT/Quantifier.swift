import CZ3

/// Quantifiers and substitution of bound variables.
public enum Quantifier {
    /// `forall vars. body`, binding the bit-vector constants `vars` (made with `BitVecTerm.variable`).
    public static func forall(_ vars: [BitVecTerm], _ body: BoolTerm) -> BoolTerm {
        forall(terms: vars.map(\.term), body)
    }

    /// `forall vars. body`, binding the constants `vars` (of any sort).
    public static func forall(terms vars: [Term], _ body: BoolTerm) -> BoolTerm {
        let ctx = body.term.context
        if vars.isEmpty { return body }
        var apps: [Z3_app?] = []
        for v in vars {
            guard Z3_is_app(ctx.raw, v.ast), Z3_get_app_num_args(ctx.raw, Z3_to_app(ctx.raw, v.ast)) == 0 else {
                ctx.record(SMTError(code: "mmuspec", message: "forall binds a term that is not a constant: \(v.smtlib)"))
                return body
            }
            apps.append(Z3_to_app(ctx.raw, v.ast))
        }
        let r = withExtendedLifetime(vars) {
            apps.withUnsafeBufferPointer {
                Z3_mk_forall_const(ctx.raw, 0, UInt32($0.count), $0.baseAddress, 0, nil, body.term.ast)
            }
        }
        return BoolTerm(ctx.wrap(r, fallback: Z3_mk_true(ctx.raw)))
    }

    /// `body` with the de Bruijn variable `(:var i)` replaced by `values[i]`.
    public static func substituteVariables(_ body: BoolTerm, _ values: [BitVecTerm]) -> BoolTerm {
        let ctx = body.term.context
        let r = withASTs(values.map(\.term)) { Z3_substitute_vars(ctx.raw, body.term.ast, $1, $0) }
        return BoolTerm(ctx.wrap(r, fallback: Z3_mk_true(ctx.raw)))
    }

    /// `body` with each constant `from[i]` replaced by `to[i]`.
    public static func substitute(_ body: BoolTerm, _ from: [BitVecTerm], _ to: [BitVecTerm]) -> BoolTerm {
        let ctx = body.term.context
        guard from.count == to.count else {
            ctx.record(SMTError(code: "mmuspec", message: "substitute: \(from.count) terms for \(to.count) values"))
            return body
        }
        let f: [Z3_ast?] = from.map { $0.term.ast }, t: [Z3_ast?] = to.map { $0.term.ast }
        let r = withExtendedLifetime((from, to)) {
            f.withUnsafeBufferPointer { fb in
                t.withUnsafeBufferPointer { tb in
                    Z3_substitute(ctx.raw, body.term.ast, UInt32(fb.count), fb.baseAddress, tb.baseAddress)
                }
            }
        }
        return BoolTerm(ctx.wrap(r, fallback: Z3_mk_true(ctx.raw)))
    }

    /// `term` copied into `target` (another context), for an independent re-check.
    public static func translate(_ term: BoolTerm, to target: Z3Context) -> BoolTerm {
        BoolTerm(translateTerm(term.term, to: target))
    }

    /// Any term copied into `target` (another context).
    public static func translateTerm(_ term: Term, to target: Z3Context) -> Term {
        let src = term.context
        let r = Z3_translate(src.raw, term.ast, target.raw)
        src.noteError()
        return target.wrap(r, fallback: Z3_mk_true(target.raw))
    }

    /// `term` simplified by Z3's rewriter.
    public static func simplify(_ term: BoolTerm) -> BoolTerm {
        let ctx = term.term.context
        return BoolTerm(ctx.wrap(Z3_simplify(ctx.raw, term.term.ast), fallback: term.term.ast))
    }
}
