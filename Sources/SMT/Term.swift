import CZ3

/// A reference-counted Z3 term (untyped handle); the typed wrappers hold one.
public final class Term {
    /// The context that owns the term.
    public let context: Z3Context
    /// The raw AST, kept alive by this handle's reference.
    public let ast: Z3_ast

    init(context: Z3Context, ast: Z3_ast) {
        self.context = context
        self.ast = ast
        Z3_inc_ref(context.raw, ast)
    }

    deinit {
        Z3_dec_ref(context.raw, ast)
    }

    /// The term printed in SMT-LIB2 syntax.
    public var smtlib: String {
        String(cString: Z3_ast_to_string(context.raw, ast))
    }
}

/// Calls `body` with the raw ASTs of `terms`, kept alive for the duration of the call.
func withASTs<R>(_ terms: [Term], _ body: (UnsafePointer<Z3_ast?>, UInt32) -> R) -> R {
    let asts: [Z3_ast?] = terms.map { $0.ast }
    return withExtendedLifetime(terms) {
        asts.withUnsafeBufferPointer { body($0.baseAddress!, UInt32(asts.count)) }
    }
}
