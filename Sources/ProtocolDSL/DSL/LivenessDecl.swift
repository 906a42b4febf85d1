/// A temporal formula of a liveness property over state conditions: `Eventually(p)`,
/// `LeadsTo(p, q)` (`p ~> q`), `Always(Eventually(p))`.
///
/// Every formula this type can build is one of three shapes once `Always` is pushed inside:
/// `Always(LeadsTo(p, q))` is `LeadsTo(p, q)` (which already speaks of every state), and
/// `Always(Always(f))` is `Always(f)`.
public indirect enum Temporal: Sendable {
    /// `<> p`: some state of the execution satisfies `p`.
    case eventually(Expr)
    /// `p ~> q`: every state that satisfies `p` is followed, then or later, by one that satisfies `q`.
    case leadsTo(Expr, Expr)
    /// `[] f`: `f` holds from every state of the execution on.
    case always(Temporal)
}

/// `<> p`: every fair execution reaches a state where `p` holds.
public func Eventually(_ p: Expr) -> Temporal { .eventually(p) }

/// `p ~> q`: in every fair execution, each state where `p` holds is followed (then or later) by
/// one where `q` holds.
public func LeadsTo(_ p: Expr, _ q: Expr) -> Temporal { .leadsTo(p, q) }

/// `[] f`; `Always(Eventually(p))` says `p` holds again and again (infinitely often).
public func Always(_ f: Temporal) -> Temporal { .always(f) }

/// A named liveness property: a temporal formula every fair execution must satisfy.
public struct LivenessDecl: Sendable {
    /// The name (`fault_makes_progress`); it shares one namespace with the invariants.
    public let name: String
    /// Process kinds the property is quantified over (one property per instance).
    public let quantified: [String]
    /// Builds the formula for a choice of instances.
    public let body: @Sendable ([InstanceRef]) -> Temporal
    /// Where it was written.
    public let location: SourceLocation
}

/// A liveness property over globals: `Liveness("served") { Eventually(served) }`.
public func Liveness(_ name: String, file: String = #fileID, line: Int = #line,
                     _ body: @escaping @Sendable () -> Temporal) -> LivenessDecl {
    LivenessDecl(name: name, quantified: [], body: { _ in body() }, location: SourceLocation(file: file, line: line))
}

/// A liveness property for every instance of `kind`, checked instance by instance:
/// `Liveness("no_starvation", forAll: "thread") { t in LeadsTo(t.at("wait"), t.at("cs")) }`.
public func Liveness(_ name: String, forAll kind: String, file: String = #fileID, line: Int = #line,
                     _ body: @escaping @Sendable (InstanceRef) -> Temporal) -> LivenessDecl {
    LivenessDecl(name: name, quantified: [kind], body: { body($0[0]) }, location: SourceLocation(file: file, line: line))
}
