import CZ3

/// A Z3 context with reference-counted terms and an error handler that never exits.
///
/// Z3's default error handler calls `exit(1)`. This context installs a handler that does
/// nothing, so a failing call returns and leaves an error code behind; every wrapper in
/// this module reads that code after the call and records the first error. Term building
/// stays non-throwing (the typed term API rules out most sort errors), and every operation
/// that yields a result to Swift (`Solver.check`, model evaluation, SMT-LIB2 dumps) throws
/// the recorded error. A context is not thread-safe: use it from one task.
public final class Z3Context {
    /// The raw C context; valid while this object lives.
    public let raw: Z3_context
    /// The first error recorded since the last `takeError()`, if any.
    public private(set) var pendingError: SMTError?

    /// Creates a context whose terms are reference counted.
    public init() {
        let cfg = Z3_mk_config()
        Z3_set_param_value(cfg, "model", "true")
        raw = Z3_mk_context_rc(cfg)
        Z3_del_config(cfg)
        Z3_set_error_handler(raw, z3IgnoreErrors)
        // Keep printed terms in SMT-LIB2 syntax.
        Z3_set_ast_print_mode(raw, Z3_PRINT_SMTLIB2_COMPLIANT)
    }

    deinit {
        Z3_del_context(raw)
    }

    /// Reads Z3's error state after a call; records the first error. Returns true on error.
    @discardableResult
    func noteError() -> Bool {
        let code = Z3_get_error_code(raw)
        if code == Z3_OK { return false }
        if pendingError == nil {
            let msg = Z3_get_error_msg(raw, code).map { String(cString: $0) } ?? "unknown error"
            pendingError = SMTError(code: Self.name(of: code), message: msg)
        }
        // Reset Z3's own error state so later calls are judged on their own.
        Z3_set_error(raw, Z3_OK)
        return true
    }

    /// Records an error found by this layer (for example a width mismatch).
    func record(_ error: SMTError) {
        if pendingError == nil { pendingError = error }
    }

    /// Throws the first recorded error, if any, and clears it.
    public func throwIfError() throws {
        if let e = pendingError {
            pendingError = nil
            throw e
        }
    }

    /// Wraps a freshly made AST; a null AST (a failed call) becomes `fallback` and an error is recorded.
    func wrap(_ ast: Z3_ast?, fallback: @autoclosure () -> Z3_ast) -> Term {
        if noteError() || ast == nil {
            if pendingError == nil {
                record(SMTError(code: "mmuspec", message: "Z3 returned no term"))
            }
            return Term(context: self, ast: fallback())
        }
        return Term(context: self, ast: ast!)
    }

    /// The name of a Z3 error code, for messages.
    static func name(of code: Z3_error_code) -> String {
        switch code {
        case Z3_OK: return "Z3_OK"
        case Z3_SORT_ERROR: return "Z3_SORT_ERROR"
        case Z3_IOB: return "Z3_IOB"
        case Z3_INVALID_ARG: return "Z3_INVALID_ARG"
        case Z3_PARSER_ERROR: return "Z3_PARSER_ERROR"
        case Z3_NO_PARSER: return "Z3_NO_PARSER"
        case Z3_INVALID_PATTERN: return "Z3_INVALID_PATTERN"
        case Z3_MEMOUT_FAIL: return "Z3_MEMOUT_FAIL"
        case Z3_FILE_ACCESS_ERROR: return "Z3_FILE_ACCESS_ERROR"
        case Z3_INTERNAL_FATAL: return "Z3_INTERNAL_FATAL"
        case Z3_INVALID_USAGE: return "Z3_INVALID_USAGE"
        case Z3_DEC_REF_ERROR: return "Z3_DEC_REF_ERROR"
        case Z3_EXCEPTION: return "Z3_EXCEPTION"
        default: return "Z3_ERROR_\(code.rawValue)"
        }
    }

    /// Z3's version as `major.minor.build`.
    public static var version: String {
        var major: UInt32 = 0, minor: UInt32 = 0, build: UInt32 = 0, rev: UInt32 = 0
        Z3_get_version(&major, &minor, &build, &rev)
        return "\(major).\(minor).\(build)"
    }

    /// Parses SMT-LIB2 text into its assertions (conjoined); errors are thrown.
    public func parseSMTLIB2(_ text: String) throws -> BoolTerm {
        let vec = Z3_parse_smtlib2_string(raw, text, 0, nil, nil, 0, nil, nil)
        if noteError() || vec == nil { try throwIfError() }
        Z3_ast_vector_inc_ref(raw, vec)
        defer { Z3_ast_vector_dec_ref(raw, vec) }
        let n = Z3_ast_vector_size(raw, vec)
        var parts: [BoolTerm] = []
        for i in 0..<n {
            parts.append(BoolTerm(wrap(Z3_ast_vector_get(raw, vec, i), fallback: Z3_mk_true(self.raw))))
        }
        try throwIfError()
        return BoolTerm.and(parts, in: self)
    }
}

/// The error handler installed in every context: it does nothing, so Z3 returns to the caller.
private let z3IgnoreErrors: @convention(c) (Z3_context?, Z3_error_code) -> Void = { _, _ in }
