import CZ3

/// An uninterpreted function (a relation when its range is Boolean) over bit-vector arguments.
public final class FuncDecl {
    /// The context the declaration lives in.
    public let context: Z3Context
    let raw: Z3_func_decl
    /// The bit widths of the arguments, in order.
    public let argumentWidths: [Int]
    /// The declared name.
    public let name: String

    /// Declares a relation `name` over bit-vectors of the given widths (range Bool).
    ///
    /// A width below 1 is recorded as an error (thrown by the next checking call) and replaced by 1.
    public init(relation name: String, argumentWidths: [Int], in ctx: Z3Context) {
        context = ctx
        self.name = name
        for w in argumentWidths where w < 1 {
            ctx.record(SMTError(code: "mmuspec", message: "relation \(name): argument width \(w) is not positive"))
        }
        self.argumentWidths = argumentWidths.map { max(1, $0) }
        let domain: [Z3_sort?] = self.argumentWidths.map { Z3_mk_bv_sort(ctx.raw, UInt32($0)) }
        let sym = Z3_mk_string_symbol(ctx.raw, name)
        raw = domain.withUnsafeBufferPointer {
            Z3_mk_func_decl(ctx.raw, sym, UInt32($0.count), $0.baseAddress, Z3_mk_bool_sort(ctx.raw))
        }
        ctx.noteError()
        Z3_inc_ref(ctx.raw, Z3_func_decl_to_ast(ctx.raw, raw))
    }

    deinit {
        Z3_dec_ref(context.raw, Z3_func_decl_to_ast(context.raw, raw))
    }

    /// The relation applied to `args` (one per argument, of the declared widths).
    public func apply(_ args: [BitVecTerm]) -> BoolTerm {
        guard args.count == argumentWidths.count, zip(args, argumentWidths).allSatisfy({ $0.width == $1 }) else {
            context.record(SMTError(code: "mmuspec", message: "relation \(name) applied to arguments of widths "
                                    + "\(args.map(\.width)), declared \(argumentWidths)"))
            return BoolTerm.literal(false, in: context)
        }
        let r = withASTs(args.map(\.term)) { Z3_mk_app(context.raw, raw, $1, $0) }
        return BoolTerm(context.wrap(r, fallback: Z3_mk_false(context.raw)))
    }
}
