/// An item of a process body: a local variable or a step.
public enum ProcessItem: Sendable {
    /// A local variable declaration.
    case local(VarDecl)
    /// A step.
    case step(StepDecl)
    /// A mistake found while building (reported by the elaborator).
    case invalid(String, SourceLocation)
}

/// A kind of process with a number of identical instances.
public struct ProcessDecl: Sendable {
    /// The kind's name (`vcpu`); instances print as `vcpu[0]`, `vcpu[1]`, ...
    public let name: String
    /// The number of instances.
    public let instances: Int
    /// Locals and steps, in program order.
    public let items: [ProcessItem]
    /// How fairly its instances are scheduled, for liveness properties.
    public let fairness: Fairness
    /// Where it was written.
    public let location: SourceLocation
}

/// A process kind: `Process("vcpu", instances: cfg.param("vcpus")) { locals; steps }`;
/// `fairness:` (default `.none`) is the promise the scheduler makes to each instance, read only
/// by liveness properties.
public func Process(_ name: String, instances: Int = 1, fairness: Fairness = .none, file: String = #fileID,
                    line: Int = #line, @ProcessBuilder _ body: () -> [ProcessItem]) -> ProcessDecl {
    ProcessDecl(name: name, instances: instances, items: body(), fairness: fairness,
                location: SourceLocation(file: file, line: line))
}

/// Collects locals and steps of a process.
@resultBuilder
public enum ProcessBuilder {
    public static func buildExpression(_ s: StepDecl) -> [ProcessItem] { [.step(s)] }
    public static func buildExpression(_ e: Expr) -> [ProcessItem] {
        if case .variable(let d) = e { return [.local(d)] }
        return [.invalid("only a Local(...) declaration may stand alone in a process body, not \(e.rendered)",
                         SourceLocation(file: "?", line: 0))]
    }
    public static func buildExpression(_ a: ArrayVar) -> [ProcessItem] { [.local(a.decl)] }
    public static func buildBlock(_ parts: [ProcessItem]...) -> [ProcessItem] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [ProcessItem]?) -> [ProcessItem] { part ?? [] }
    public static func buildEither(first: [ProcessItem]) -> [ProcessItem] { first }
    public static func buildEither(second: [ProcessItem]) -> [ProcessItem] { second }
    public static func buildArray(_ parts: [[ProcessItem]]) -> [ProcessItem] { parts.flatMap { $0 } }
}
