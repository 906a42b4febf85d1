import ProtocolDSL

/// A small random lock protocol, named by its seed and built with the DSL.
///
/// Two or three processes: a family `w` of one to three identical members (its size is the
/// parameter `workers`, so the invisible prover can explore fewer) and perhaps one `m`. They
/// take mutexes and reader-writer locks in shared or exclusive mode, drop and retake them,
/// compute with signed and unsigned integers of several widths (wrap-around, truncation,
/// shifts), index arrays with computed indices, loop with `Goto` (bounded by a counter), pick
/// data with `Choose` and `.any` initial values, and state invariants over globals, locals and
/// locations. Every execution is finite, so an engine that reaches the full depth has seen all.
public struct RandomProtocol: Sendable {
    /// The seed that names the protocol.
    public let seed: UInt64
    /// The protocol.
    public let model: ProtocolModel
    /// Whether it was drawn with u32, u64 and i64 variables and shifts past 31 bits: SPIN's
    /// 32-bit `int` and C's shifts cannot represent it, so it is not compared with SPIN.
    public let wide: Bool

    /// Draws the protocol of `seed` (the same seed gives the same protocol, on every machine).
    public init(seed: UInt64) {
        self.seed = seed
        wide = RandomProtocolBuilder(seed: seed).wide
        var shapeRNG = SplitMix64(seed: seed ^ 0x5EED_0F_5EED)
        // (family size, has m): 2 or 3 processes in all.
        let shape = shapeRNG.pick([(2, false), (3, false), (2, true), (1, true)])
        model = ProtocolModel(
            "random-\(seed)", summary: "random protocol of seed \(seed)",
            parameters: [ParameterDecl("workers", default: shape.0, range: 1...3, "members of the family w")]
        ) { cfg in
            let d = RandomProtocolBuilder.draw(seed: seed, familySize: shape.0, hasM: shape.1)
            for g in d.globals { g }
            for a in d.arrays { a }
            for l in d.locks { l }
            for (n, k) in d.kinds.enumerated() {
                Process(k.name, instances: n == 0 ? cfg.param("workers") : 1) {
                    for l in k.locals { l }
                    for a in k.localArrays { a }
                    for s in k.steps { s }
                }
            }
            for i in d.invariants { i }
        }
    }

    /// The protocol at its default size.
    public func program() throws -> Program { try model.instantiate(try model.configuration()) }
}
