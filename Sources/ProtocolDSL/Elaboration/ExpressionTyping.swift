/// Typing an expression written outside a model (a query, a CLI condition) against an instantiated model.
extension ProtocolModel {
    /// Instantiates the model for `configuration` and types `expression` as a Boolean over its
    /// globals, instance locals and program locations, with the same rules as an invariant.
    ///
    /// - Parameters:
    ///   - what: how error messages name the expression (`the query`).
    /// - Returns: the program (unchanged) and the typed condition.
    /// - Throws: `ModelError` for a mistake in the model or a type error in the expression.
    public func instantiate(_ configuration: Configuration, typing expression: Expr,
                            as what: String) throws -> (program: Program, condition: TExpr) {
        let ctx = ModelContext(configuration: configuration)
        let items = body(ctx)
        if let problem = ctx.problems.first {
            throw ModelError(problem.kind, "model '\(name)': \(problem.message)")
        }
        var elaborator = Elaborator(modelName: name, configuration: configuration)
        let program = try elaborator.elaborate(items)
        let scope = Elaborator.Scope(kind: nil, kindName: "", location: SourceLocation(file: what, line: 1), what: what)
        let typed = try elaborator.typed(expression, hint: .bool, scope)
        guard typed.type == .bool else {
            throw ModelError(.typeMismatch, "\(what) is \(typed.type), not bool")
        }
        return (program, typed)
    }
}

extension Expr {
    /// A reference to the global scalar named `name`, resolved when the expression is typed.
    public static func global(named name: String) -> Expr {
        .variable(VarDecl(name: name, type: .bool, count: nil, initial: .value(0), scope: .global,
                          location: SourceLocation(file: "<expression>", line: 1)))
    }

    /// A reference to element `index` of the global array named `name`, resolved when typed.
    public static func globalElement(named name: String, _ index: Expr) -> Expr {
        .element(VarDecl(name: name, type: .bool, count: 1, initial: .value(0), scope: .global,
                         location: SourceLocation(file: "<expression>", line: 1)), index)
    }
}

extension Program {
    /// The same program with `condition` (a typed Boolean) as its only invariant, named `name`.
    public func replacingInvariants(name: String, condition: TExpr) -> Program {
        var p = Program(modelName: modelName, configuration: configuration, globals: globals, locks: locks, kinds: kinds,
                        instances: instances,
                        invariants: [InvariantIR(name: name, clauses: [InvariantClause(instantiation: "", condition: condition)])])
        p.deadlockIsViolation = deadlockIsViolation
        return p
    }
}
