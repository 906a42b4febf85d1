import CZ3

/// A satisfying assignment returned by `Solver.model()`.
public final class Model {
    /// The context the model lives in.
    public let context: Z3Context
    let raw: Z3_model

    init(context: Z3Context, raw: Z3_model) {
        self.context = context
        self.raw = raw
        Z3_model_inc_ref(context.raw, raw)
    }

    deinit {
        Z3_model_dec_ref(context.raw, raw)
    }

    private func evaluate(_ t: Term) throws -> Z3_ast {
        var out: Z3_ast?
        let ok = Z3_model_eval(context.raw, raw, t.ast, true, &out)
        context.noteError()
        try context.throwIfError()
        guard ok, let v = out else {
            throw SMTError(code: "mmuspec", message: "model evaluation failed for \(t.smtlib)")
        }
        return v
    }

    /// The value of a Boolean term (unconstrained parts are completed).
    public func eval(_ t: BoolTerm) throws -> Bool {
        let v = try evaluate(t.term)
        let b = Z3_get_bool_value(context.raw, v)
        if b == Z3_L_TRUE { return true }
        if b == Z3_L_FALSE { return false }
        throw SMTError(code: "mmuspec", message: "term did not evaluate to a Boolean constant")
    }

    /// The value of a bit-vector term as its unsigned bit pattern.
    public func eval(_ t: BitVecTerm) throws -> UInt64 {
        let v = try evaluate(t.term)
        var n: UInt64 = 0
        let handle = Term(context: context, ast: v)
        guard Z3_get_numeral_uint64(context.raw, handle.ast, &n) else {
            context.noteError()
            throw SMTError(code: "mmuspec", message: "bit-vector value is not a numeral")
        }
        return n
    }

    /// The value of an integer term.
    public func eval(_ t: IntTerm) throws -> Int64 {
        let v = try evaluate(t.term)
        var n: Int64 = 0
        let handle = Term(context: context, ast: v)
        guard Z3_get_numeral_int64(context.raw, handle.ast, &n) else {
            context.noteError()
            throw SMTError(code: "mmuspec", message: "integer value does not fit in 64 bits")
        }
        return n
    }
}
