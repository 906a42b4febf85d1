import CZ3

/// The top-level structure of a term, for printing formulas in a user's own terms.
public enum TermShape {
    /// `true` or `false`.
    case bool(Bool)
    /// A bit-vector numeral (its unsigned value when it fits in 64 bits) of `width` bits.
    case bitVector(UInt64, width: Int)
    /// A constant (0-ary uninterpreted function) by name.
    case constant(String)
    /// A de Bruijn bound variable.
    case boundVariable(Int)
    /// An application of the operator `op` (Z3's name: `and`, `bvule`, `=`, `extract`, ...) to `args`.
    case app(op: String, args: [Term], parameters: [Int])
    /// Anything else (quantifiers, ...), in SMT-LIB2.
    case other(String)
}

extension Term {
    /// The structure of this term's top level.
    public var shape: TermShape {
        let c = context.raw
        switch Z3_get_ast_kind(c, ast) {
        case Z3_VAR_AST:
            return .boundVariable(Int(Z3_get_index_value(c, ast)))
        case Z3_NUMERAL_AST:
            let sort = Z3_get_sort(c, ast)
            var v: UInt64 = 0
            if Z3_get_sort_kind(c, sort) == Z3_BV_SORT, Z3_get_numeral_uint64(c, ast, &v) {
                return .bitVector(v, width: Int(Z3_get_bv_sort_size(c, sort)))
            }
            context.noteError()
            return .other(smtlib)
        case Z3_APP_AST:
            let app = Z3_to_app(c, ast)
            let decl = Z3_get_app_decl(c, app)
            let kind = Z3_get_decl_kind(c, decl)
            if kind == Z3_OP_TRUE { return .bool(true) }
            if kind == Z3_OP_FALSE { return .bool(false) }
            let n = Z3_get_app_num_args(c, app)
            let name = String(cString: Z3_get_symbol_string(c, Z3_get_decl_name(c, decl)))
            if n == 0 && kind == Z3_OP_UNINTERPRETED { return .constant(name) }
            var args: [Term] = []
            for i in 0..<n { args.append(Term(context: context, ast: Z3_get_app_arg(c, app, i)!)) }
            var params: [Int] = []
            for i in 0..<Z3_get_decl_num_parameters(c, decl)
            where Z3_get_decl_parameter_kind(c, decl, i) == Z3_PARAMETER_INT {
                params.append(Int(Z3_get_decl_int_parameter(c, decl, i)))
            }
            context.noteError()
            return .app(op: name, args: args, parameters: params)
        default:
            return .other(smtlib)
        }
    }

    /// The bit width when this is a bit-vector term, else nil.
    public var bitWidth: Int? {
        let sort = Z3_get_sort(context.raw, ast)
        guard Z3_get_sort_kind(context.raw, sort) == Z3_BV_SORT else { return nil }
        return Int(Z3_get_bv_sort_size(context.raw, sort))
    }
}
