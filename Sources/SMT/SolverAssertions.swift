import CZ3

extension Solver {
    /// The solver's current assertions (of every open scope), in order.
    public func assertions() throws -> [BoolTerm] {
        try context.throwIfError()
        let vec = Z3_solver_get_assertions(context.raw, raw)
        context.noteError()
        try context.throwIfError()
        Z3_ast_vector_inc_ref(context.raw, vec)
        defer { Z3_ast_vector_dec_ref(context.raw, vec) }
        var out: [BoolTerm] = []
        for i in 0..<Z3_ast_vector_size(context.raw, vec) {
            out.append(BoolTerm(context.wrap(Z3_ast_vector_get(context.raw, vec, i), fallback: Z3_mk_true(context.raw))))
        }
        try context.throwIfError()
        return out
    }
}
