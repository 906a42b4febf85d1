import CZ3

/// An incremental Z3 solver: assertions, push/pop, assumptions, timeout, models, SMT-LIB2 dumps.
public final class Solver {
    /// The context the solver lives in.
    public let context: Z3Context
    let raw: Z3_solver
    private var lastCheckWasSat = false

    /// Creates a solver for quantifier-free bit-vector and integer problems.
    ///
    /// `timeoutMilliseconds` bounds each `check`; when it runs out, `check` answers `.unknown`.
    /// `logic`, when given (for example `QF_BV`), selects Z3's solver for that logic; for
    /// bit-vector problems that is the incremental bit-blasting SAT solver.
    public init(context: Z3Context, logic: String? = nil, timeoutMilliseconds: UInt32? = nil) {
        self.context = context
        // An unknown logic makes Z3 return no solver (and set an error): record the error, so the
        // next `check` throws it, and fall back to the general solver rather than crash.
        if let logic, let s = Z3_mk_solver_for_logic(context.raw, Z3_mk_string_symbol(context.raw, logic)) {
            raw = s
        } else {
            if logic != nil, !context.noteError() {
                context.record(SMTError(code: "mmuspec", message: "Z3 has no solver for logic '\(logic!)'"))
            }
            raw = Z3_mk_solver(context.raw)
        }
        Z3_solver_inc_ref(context.raw, raw)
        if let t = timeoutMilliseconds { setTimeout(milliseconds: t) }
    }

    /// Creates a one-shot solver that runs Z3 tactics in sequence (for example `simplify`,
    /// `solve-eqs`, `bit-blast`, `sat`) on its assertions.
    ///
    /// For large one-shot bit-vector queries this can be much faster than the logic's default
    /// solver. An unknown tactic name is recorded as an error that the next `check` throws.
    public init(context: Z3Context, tactics: [String]) {
        self.context = context
        var chain: Z3_tactic?
        for name in tactics {
            guard let t = Z3_mk_tactic(context.raw, name) else {
                if !context.noteError() {
                    context.record(SMTError(code: "mmuspec", message: "Z3 has no tactic '\(name)'"))
                }
                continue
            }
            Z3_tactic_inc_ref(context.raw, t)
            if let c = chain {
                let both = Z3_tactic_and_then(context.raw, c, t)!
                Z3_tactic_inc_ref(context.raw, both)
                Z3_tactic_dec_ref(context.raw, c)
                Z3_tactic_dec_ref(context.raw, t)
                chain = both
            } else {
                chain = t
            }
        }
        if let c = chain {
            raw = Z3_mk_solver_from_tactic(context.raw, c)
            Z3_tactic_dec_ref(context.raw, c)
        } else {
            raw = Z3_mk_solver(context.raw)
        }
        Z3_solver_inc_ref(context.raw, raw)
    }

    deinit {
        Z3_solver_dec_ref(context.raw, raw)
    }

    /// Sets (or, with 0, clears) the per-check timeout.
    public func setTimeout(milliseconds: UInt32) {
        let params = Z3_mk_params(context.raw)
        Z3_params_inc_ref(context.raw, params)
        Z3_params_set_uint(context.raw, params, Z3_mk_string_symbol(context.raw, "timeout"),
                           milliseconds == 0 ? UInt32.max : milliseconds)
        Z3_solver_set_params(context.raw, raw, params)
        Z3_params_dec_ref(context.raw, params)
        context.noteError()
    }

    /// A timeout of `seconds` as `setTimeout` takes it: at least 1 ms (0 would mean "none"),
    /// at most `UInt32.max - 1`.
    public static func timeoutMilliseconds(_ seconds: Double) -> UInt32 {
        UInt32(min(max(seconds * 1000, 1), Double(UInt32.max - 1)))
    }

    /// Bounds the work of each `check` by Z3's deterministic resource count (0: no bound).
    ///
    /// Unlike a timeout, the same problem gives the same answer on every run and machine.
    public func setResourceLimit(_ limit: UInt32) {
        let params = Z3_mk_params(context.raw)
        Z3_params_inc_ref(context.raw, params)
        Z3_params_set_uint(context.raw, params, Z3_mk_string_symbol(context.raw, "rlimit"), limit)
        Z3_solver_set_params(context.raw, raw, params)
        Z3_params_dec_ref(context.raw, params)
        context.noteError()
    }

    /// Adds an assertion.
    public func assert(_ f: BoolTerm) {
        Z3_solver_assert(context.raw, raw, f.term.ast)
        context.noteError()
    }

    /// Opens a backtracking scope.
    public func push() {
        Z3_solver_push(context.raw, raw)
        context.noteError()
    }

    /// Drops the assertions of the innermost `n` scopes.
    public func pop(_ n: Int = 1) {
        guard n >= 0 else {
            context.record(SMTError(code: "mmuspec", message: "pop of \(n) scopes"))
            return
        }
        Z3_solver_pop(context.raw, raw, UInt32(n))
        context.noteError()
    }

    /// The number of open scopes.
    public var scopes: Int { Int(Z3_solver_get_num_scopes(context.raw, raw)) }

    /// Checks the assertions, under extra `assumptions` that hold for this check only.
    ///
    /// Throws any Z3 error recorded while the problem was built or checked.
    public func check(assuming assumptions: [BoolTerm] = []) throws -> SolverResult {
        try context.throwIfError()
        let r: Z3_lbool
        if assumptions.isEmpty {
            r = Z3_solver_check(context.raw, raw)
        } else {
            r = withASTs(assumptions.map(\.term)) { Z3_solver_check_assumptions(context.raw, raw, $1, $0) }
        }
        context.noteError()
        try context.throwIfError()
        lastCheckWasSat = (r == Z3_L_TRUE)
        switch r {
        case Z3_L_TRUE: return .sat
        case Z3_L_FALSE: return .unsat
        default:
            let reason = Z3_solver_get_reason_unknown(context.raw, raw).map { String(cString: $0) } ?? "unknown"
            return .unknown(reason: reason)
        }
    }

    /// The model of the last `check`, which must have answered `.sat`.
    public func model() throws -> Model {
        guard lastCheckWasSat else {
            throw SMTError(code: "mmuspec", message: "no model: the last check was not sat")
        }
        guard let m = Z3_solver_get_model(context.raw, raw) else {
            context.noteError()
            try context.throwIfError()
            throw SMTError(code: "mmuspec", message: "Z3 returned no model")
        }
        return Model(context: context, raw: m)
    }

    /// The solver's assertions as an SMT-LIB2 script (declarations, asserts, `(check-sat)`).
    public func smtlib2() throws -> String {
        try context.throwIfError()
        let vec = Z3_solver_get_assertions(context.raw, raw)
        Z3_ast_vector_inc_ref(context.raw, vec)
        defer { Z3_ast_vector_dec_ref(context.raw, vec) }
        let n = Z3_ast_vector_size(context.raw, vec)
        var asts: [Z3_ast?] = []
        for i in 0..<n { asts.append(Z3_ast_vector_get(context.raw, vec, i)) }
        let body = Z3_mk_true(context.raw)
        let text = asts.withUnsafeBufferPointer { buf -> String in
            guard let s = Z3_benchmark_to_smtlib_string(context.raw, "mmuspec", "QF_BV", "unknown", "",
                                                         UInt32(buf.count), buf.baseAddress, body) else { return "" }
            return String(cString: s)
        }
        context.noteError()
        try context.throwIfError()
        return text
    }
}
