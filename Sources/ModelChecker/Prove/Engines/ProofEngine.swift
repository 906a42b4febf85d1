/// A proof engine of `prove`, by name: one of `ProofEngine.registry`.
public struct ProofEngine: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Every proof engine, in the order help lists them. Adding one: one
    /// `ProofEngineImplementation` file and one line here.
    static let registry: [any ProofEngineImplementation] = [AutoProofEngine(), SpacerEngine(), KInductionEngine(),
                                                             InvisibleEngine()]

    /// The engine's name (`spacer`).
    public let rawValue: String

    /// The engine named `rawValue`, or nil when none is registered under it.
    public init?(rawValue: String) {
        guard Self.registry.contains(where: { $0.name == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// `invisible` first; when it cannot decide, `spacer` with the time left.
    public static let auto = ProofEngine(rawValue: "auto")!
    /// Constrained Horn clauses solved by Z3's Spacer.
    public static let spacer = ProofEngine(rawValue: "spacer")!
    /// k-induction with simple-path constraints.
    public static let kinduction = ProofEngine(rawValue: "kinduction")!
    /// Invisible invariants, re-checked at the real size.
    public static let invisible = ProofEngine(rawValue: "invisible")!

    /// Every registered engine.
    public static var allCases: [ProofEngine] { registry.map { ProofEngine(rawValue: $0.name)! } }

    var implementation: any ProofEngineImplementation { Self.registry.first { $0.name == rawValue }! }

    /// What the engine does.
    public var summary: String { implementation.summary }

    /// The heading printed above a certificate this engine found.
    public func heading(of certificate: ProofCertificate) -> String { implementation.heading(of: certificate) }

    public var description: String { rawValue }
}
