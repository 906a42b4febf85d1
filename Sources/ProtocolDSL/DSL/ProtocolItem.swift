/// An item of a protocol body: a global, a lock, a process kind, an invariant or a liveness property.
public enum ProtocolItem: Sendable {
    /// A global variable.
    case global(VarDecl)
    /// A lock.
    case lock(LockRef)
    /// A process kind.
    case process(ProcessDecl)
    /// An invariant.
    case invariant(InvariantDecl)
    /// A liveness property.
    case liveness(LivenessDecl)
    /// A mistake found while building.
    case invalid(String)
}

/// Collects the items of a protocol body.
@resultBuilder
public enum ProtocolBuilder {
    public static func buildExpression(_ e: Expr) -> [ProtocolItem] {
        if case .variable(let d) = e { return [.global(d)] }
        return [.invalid("only a Global(...) declaration may stand alone in a protocol body, not \(e.rendered)")]
    }
    public static func buildExpression(_ a: ArrayVar) -> [ProtocolItem] { [.global(a.decl)] }
    public static func buildExpression(_ l: LockRef) -> [ProtocolItem] { [.lock(l)] }
    public static func buildExpression(_ p: ProcessDecl) -> [ProtocolItem] { [.process(p)] }
    public static func buildExpression(_ i: InvariantDecl) -> [ProtocolItem] { [.invariant(i)] }
    public static func buildExpression(_ l: LivenessDecl) -> [ProtocolItem] { [.liveness(l)] }
    public static func buildBlock(_ parts: [ProtocolItem]...) -> [ProtocolItem] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [ProtocolItem]?) -> [ProtocolItem] { part ?? [] }
    public static func buildEither(first: [ProtocolItem]) -> [ProtocolItem] { first }
    public static func buildEither(second: [ProtocolItem]) -> [ProtocolItem] { second }
    public static func buildArray(_ parts: [[ProtocolItem]]) -> [ProtocolItem] { parts.flatMap { $0 } }
}
