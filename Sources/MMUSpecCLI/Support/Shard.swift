/// `--shard K/N` of `sweep` and `explain`: the slice of a batch of jobs one run takes, the jobs
/// whose 0-based index is K-1 modulo N, so that the N shards partition the jobs.
struct Shard: Equatable {
    /// 1-based: 1 <= k <= n.
    let k: Int
    let n: Int

    /// Parses `K/N`; anything else is a usage failure.
    init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, (1...n).contains(k) else {
            throw Failure.usage("--shard must be K/N with 1 <= K <= N, not '\(text)'")
        }
        (self.k, self.n) = (k, n)
    }

    /// The indices of this shard's jobs among `count`, in order.
    func indices(of count: Int) -> [Int] { Array(stride(from: k - 1, to: count, by: n)) }
}
