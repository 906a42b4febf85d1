import CZ3

extension Term {
    /// The uninterpreted constants this term mentions (each once, in first-visit order).
    public var freeConstants: [Term] {
        let c = context.raw
        var seen = Set<UInt32>()
        var out: [Term] = []
        var stack: [Z3_ast] = [ast]
        while let a = stack.popLast() {
            guard seen.insert(Z3_get_ast_id(c, a)).inserted else { continue }
            switch Z3_get_ast_kind(c, a) {
            case Z3_APP_AST:
                let app = Z3_to_app(c, a)
                let n = Z3_get_app_num_args(c, app)
                if n == 0, Z3_get_decl_kind(c, Z3_get_app_decl(c, app)) == Z3_OP_UNINTERPRETED {
                    out.append(Term(context: context, ast: a))
                }
                for i in (0..<n).reversed() {
                    if let arg = Z3_get_app_arg(c, app, i) { stack.append(arg) }
                }
            case Z3_QUANTIFIER_AST:
                if let body = Z3_get_quantifier_body(c, a) { stack.append(body) }
            default:
                break
            }
        }
        context.noteError()
        return out
    }
}
