import ProtocolDSL

/// A search engine of `check`, by name: one of `Engine.registry`.
public struct Engine: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Every engine, in the order help lists them. Adding an engine: one `CheckEngine` file
    /// and one line here.
    static let registry: [any CheckEngine] = [BMCEngine(), ExplicitEngine(), AutoEngine()]

    /// The engine's name (`bmc`).
    public let rawValue: String

    /// The engine named `rawValue`, or nil when none is registered under it.
    public init?(rawValue: String) {
        guard Self.registry.contains(where: { $0.name == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// Bounded model checking on Z3.
    public static let bmc = Engine(rawValue: "bmc")!
    /// Breadth-first explicit-state search.
    public static let explicit = Engine(rawValue: "explicit")!
    /// Explicit-state search while the state space fits, else BMC.
    public static let auto = Engine(rawValue: "auto")!

    /// Every registered engine.
    public static var allCases: [Engine] { registry.map { Engine(rawValue: $0.name)! } }

    /// The number of stored states after which `auto` hands over to BMC.
    public static let autoStateLimit = 500_000

    var implementation: any CheckEngine { Self.registry.first { $0.name == rawValue }! }

    /// What the engine does, in a few words.
    public var summary: String { implementation.summary }

    /// Whether a complete "holds" from this engine means every reachable state was explored.
    public var exploresStates: Bool { implementation.exploresStates }

    public var description: String { rawValue }

    /// Runs a check with this engine; returns the outcome and the engine that decided it.
    public func check(_ program: Program, _ options: CheckOptions,
                      progress: ProgressHandler? = nil) throws -> (CheckOutcome, Engine) {
        try implementation.check(program, options, progress: progress)
    }
}
