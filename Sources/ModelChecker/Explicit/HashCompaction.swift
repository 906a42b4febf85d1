import Foundation

/// What an explicit search with hash compaction stored, and how likely it is to have missed a
/// state.
///
/// Each state was stored as a signature of `signatureBits` bits. Two distinct states with one
/// signature are taken for one, and the second (with whatever only it leads to) is not
/// explored. The bound is the one SPIN's hash compaction reports, estimated from the states
/// stored: for `n` states whose signatures behave like independent uniform values, the
/// probability that any two of them share one is at most n(n - 1) / 2^(b + 1) (a union bound
/// over the pairs).
public struct HashCompaction: Sendable, Equatable {
    /// The bits of one signature.
    public let signatureBits: Int
    /// The states stored (orbits, with symmetry).
    public let states: Int

    /// Creates a report.
    public init(signatureBits: Int, states: Int) {
        self.signatureBits = signatureBits
        self.states = states
    }

    /// The probability bound that a state was missed, at most 1.
    public var omissionBound: Double {
        let n = Double(states)
        return min(1, n * (n - 1) / pow(2, Double(signatureBits + 1)))
    }

    /// The bound in a stable short form: `3.2e-09`, `0` when fewer than two states, `1`.
    public var formattedBound: String {
        let p = omissionBound
        if p == 0 { return "0" }
        if p >= 1 { return "1" }
        return String(format: "%.1e", p)
    }
}
