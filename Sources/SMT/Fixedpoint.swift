import CZ3

/// Z3's fixedpoint engine over constrained Horn clauses (by default the Spacer engine).
///
/// Register relations, add rules (`forall vars. body => head`), then `query` a relation:
/// `.sat` means the query is derivable (for a safety problem: a bad state is reachable),
/// `.unsat` means it is not, and `cover(of:)` then gives each relation's inductive
/// interpretation. Errors are recorded in the context and thrown, never `exit(1)`.
public final class Fixedpoint {
    /// The context the engine lives in.
    public let context: Z3Context
    let raw: Z3_fixedpoint
    /// The names of the registered relations (never bound by a rule's quantifier).
    private var relations = Set<String>()

    /// Creates an engine; `engine` names Z3's fixedpoint engine (`spacer`, `datalog`, ...).
    ///
    /// `timeoutMilliseconds` bounds each `query`; when it runs out, `query` answers `.unknown`.
    public init(context: Z3Context, engine: String = "spacer", timeoutMilliseconds: UInt32? = nil) {
        self.context = context
        raw = Z3_mk_fixedpoint(context.raw)
        context.noteError()
        Z3_fixedpoint_inc_ref(context.raw, raw)
        let params = Z3_mk_params(context.raw)
        Z3_params_inc_ref(context.raw, params)
        Z3_params_set_symbol(context.raw, params, Z3_mk_string_symbol(context.raw, "engine"),
                             Z3_mk_string_symbol(context.raw, engine))
        if let t = timeoutMilliseconds {
            Z3_params_set_uint(context.raw, params, Z3_mk_string_symbol(context.raw, "timeout"), max(1, t))
        }
        Z3_fixedpoint_set_params(context.raw, raw, params)
        Z3_params_dec_ref(context.raw, params)
        context.noteError()
    }

    deinit {
        Z3_fixedpoint_dec_ref(context.raw, raw)
    }

    /// Makes `relation` a relation the engine solves for.
    public func register(_ relation: FuncDecl) {
        relations.insert(relation.name)
        Z3_fixedpoint_register_relation(context.raw, raw, relation.raw)
        context.noteError()
    }

    /// Adds the rule `forall vars. body => head` (`head` an application of a registered relation).
    ///
    /// With `vars` nil, every constant of the rule but the 0-ary relations is bound (a rule must
    /// not leave one free).
    public func addRule(_ body: BoolTerm, implies head: BoolTerm, forall vars: [BitVecTerm]? = nil, name: String) {
        let implication = body.implies(head)
        let bound = vars.map { $0.map(\.term) } ?? implication.term.freeConstants.filter { c in
            if case .constant(let n) = c.shape { return !relations.contains(n) }
            return true
        }
        let rule = Quantifier.forall(terms: bound, implication)
        Z3_fixedpoint_add_rule(context.raw, raw, rule.term.ast, Z3_mk_string_symbol(context.raw, name))
        context.noteError()
    }

    /// Asks whether the 0-ary relation `goal` is derivable.
    public func query(_ goal: FuncDecl) throws -> SolverResult {
        try context.throwIfError()
        let app = goal.apply([])
        try context.throwIfError()
        let r = Z3_fixedpoint_query(context.raw, raw, app.term.ast)
        context.noteError()
        try context.throwIfError()
        switch r {
        case Z3_L_TRUE: return .sat
        case Z3_L_FALSE: return .unsat
        default:
            let reason = Z3_fixedpoint_get_reason_unknown(context.raw, raw).map { String(cString: $0) } ?? "unknown"
            return .unknown(reason: reason)
        }
    }

    /// After an `.unsat` query: the interpretation found for `relation`, a formula whose de Bruijn
    /// variable `(:var i)` stands for argument `i` (see `Quantifier.substituteVariables`).
    public func cover(of relation: FuncDecl) throws -> BoolTerm {
        try context.throwIfError()
        let r = Z3_fixedpoint_get_cover_delta(context.raw, raw, -1, relation.raw)
        let t = BoolTerm(context.wrap(r, fallback: Z3_mk_true(context.raw)))
        try context.throwIfError()
        return t
    }

    /// The answer of the last query (a derivation when `.sat`, a certificate when `.unsat`).
    public func answer() throws -> BoolTerm {
        try context.throwIfError()
        let t = BoolTerm(context.wrap(Z3_fixedpoint_get_answer(context.raw, raw), fallback: Z3_mk_true(context.raw)))
        try context.throwIfError()
        return t
    }
}
