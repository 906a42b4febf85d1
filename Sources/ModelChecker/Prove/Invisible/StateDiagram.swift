import Foundation
import SMT

/// A finite set of tuples written exactly as a reduced decision diagram over its columns.
///
/// Node by node, in column order, each node tests one column and has one child per value the
/// column takes among the tuples that reach it; equal sub-diagrams are one node (a unique
/// table), and a test whose every value of the column's domain leads to the same child is left
/// out. The domains are stated once (as `CubeCover` leaves them out of its cubes), so the diagram conjoined with every
/// domain is still exactly the set. Where a cube cover of a large reachable set is thousands
/// of cubes (a formula Z3 bit-blasts cube by cube), the diagram shares the common suffixes of
/// the tuples (gfn-invalidate `retry-forever`'s liveness translation: about 51,000 states, a
/// diagram of 45,241 nodes, docs/prove.md).
struct StateDiagram {
    /// Per column, the values it takes in some tuple, ascending.
    let domains: [[UInt64]]
    /// The inner nodes; a child index `-1` is the accepting leaf.
    private(set) var nodes: [Node] = []
    /// The root: `-1` (every tuple over the domains) when the tests all fell away, nil for the empty set.
    private(set) var root: Int?

    /// One test: the column, and per value (ascending) the child it leads to.
    struct Node: Hashable {
        let column: Int
        let values: [UInt64]
        let children: [Int]
    }

    /// The diagram of `tuples` (each `width` columns), testing the columns in `order` (a
    /// permutation of them; nil: left to right), or nil when `deadline` passes first. The order
    /// decides the size: columns that determine each other are best tested next to each other.
    init?(_ tuples: Set<[UInt64]>, width: Int, order: [Int]? = nil, deadline: Date?) {
        var domains = [Set<UInt64>](repeating: [], count: width)
        for t in tuples { for c in 0..<width { domains[c].insert(t[c]) } }
        self.domains = domains.map { $0.sorted() }
        guard !tuples.isEmpty else { root = nil; return }
        let order = order ?? Array(0..<width)
        let sorted = tuples.map { t in order.map { t[$0] } }.sorted { $0.lexicographicallyPrecedes($1) }
        var unique: [Node: Int] = [:]
        var visited = 0
        var late = false
        // The node of the tuples sorted[range], which agree on the columns before `level`.
        func build(_ level: Int, _ range: Range<Int>) -> Int {
            if level == width { return -1 }
            let column = order[level]
            visited += range.count
            if visited >= 1 << 16 {
                visited = 0
                if let d = deadline, Date() >= d { late = true }
            }
            if late { return -1 }
            var values: [UInt64] = [], children: [Int] = []
            var start = range.lowerBound
            while start < range.upperBound {
                let v = sorted[start][level]
                var end = start + 1
                while end < range.upperBound && sorted[end][level] == v { end += 1 }
                values.append(v)
                children.append(build(level + 1, start..<end))
                start = end
            }
            if values == self.domains[column], let first = children.first, children.allSatisfy({ $0 == first }) {
                return first
            }
            let node = Node(column: column, values: values, children: children)
            if let id = unique[node] { return id }
            unique[node] = nodes.count
            nodes.append(node)
            return nodes.count - 1
        }
        let top = build(0, 0..<sorted.count)
        if late { return nil }
        root = top
    }

    /// The number of edges of the diagram (its size as a formula).
    var edgeCount: Int { nodes.reduce(0) { $0 + $1.children.count } }

    /// The set as a formula over `x` (column c is `x[c]`): every column in its domain, and the
    /// tuple accepted by the diagram. Each node is one term, shared by every parent.
    func formula(over x: [BitVecTerm], in ctx: Z3Context) -> BoolTerm {
        guard let root else { return BoolTerm.literal(false, in: ctx) }
        func value(_ c: Int, _ v: UInt64) -> BoolTerm { x[c].eq(BitVecTerm.literal(v, width: x[c].width, in: ctx)) }
        let domains = self.domains.enumerated().map { c, values in BoolTerm.or(values.map { value(c, $0) }, in: ctx) }
        // Children come before their parents in `nodes` (built bottom-up), so one pass in order.
        var terms: [BoolTerm] = []
        terms.reserveCapacity(nodes.count)
        let accept = BoolTerm.literal(true, in: ctx)
        for node in nodes {
            terms.append(BoolTerm.or(zip(node.values, node.children).map { v, child in
                BoolTerm.and([value(node.column, v), child < 0 ? accept : terms[child]], in: ctx)
            }, in: ctx))
        }
        return BoolTerm.and(domains + [root < 0 ? accept : terms[root]], in: ctx)
    }

    /// Whether `tuple` is in the set.
    func contains(_ tuple: [UInt64]) -> Bool {
        guard let root, tuple.count == domains.count,
              tuple.enumerated().allSatisfy({ domains[$0.offset].contains($0.element) }) else { return false }
        var n = root
        while n >= 0 {
            let node = nodes[n]
            guard let i = node.values.firstIndex(of: tuple[node.column]) else { return false }
            n = node.children[i]
        }
        return true
    }
}
