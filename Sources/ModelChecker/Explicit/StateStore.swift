/// The visited set of an explicit search: every state packed to bits by its layout's slot
/// widths, all in one array, found again through an open-addressing hash table of node numbers.
///
/// A state of the KVM models takes 2-4 words here instead of a heap array of one word per slot
/// plus a dictionary entry; `bytes` is what the store holds, for the states/s and bytes/state
/// figures of the benchmarks.
struct StateStore {
    /// Bit offset of each slot in a packed state.
    private let offsets: [Int]
    private let widths: [Int]
    /// Words of one packed state.
    let words: Int
    private var storage: [UInt64] = []
    /// Node + 1 per bucket, 0 for an empty bucket; the count is a power of two.
    private var table: [UInt32]
    private var scratch: [UInt64]
    /// The number of states stored.
    private(set) var count = 0

    /// The most states one store numbers (nodes are 32-bit).
    static let capacity = Int(UInt32.max - 1)

    /// An empty store for states of `layout`.
    init(layout: StateLayout) {
        var offsets: [Int] = []
        var bit = 0
        for w in layout.widths {
            offsets.append(bit)
            bit += w
        }
        self.offsets = offsets
        widths = layout.widths
        words = Swift.max(1, (bit + 63) / 64)
        table = [UInt32](repeating: 0, count: 1024)
        scratch = [UInt64](repeating: 0, count: words)
    }

    /// The bytes one state of a search costs on average: its packed words, a bucket at the
    /// table's mean load, and the search's parent, step and frontier entries (16 bytes).
    static func bytesPerState(_ layout: StateLayout) -> Int {
        let bits = layout.widths.reduce(0, +)
        return Swift.max(1, (bits + 63) / 64) * 8 + 8 + 16
    }

    /// The bytes held now.
    var bytes: Int { storage.capacity * 8 + table.capacity * 4 }

    /// Stores `s` unless it is there; returns its node and whether it was new.
    mutating func insert(_ s: [UInt64]) -> (node: Int, inserted: Bool) {
        pack(s)
        if (count + 1) * 4 > table.count * 3 { grow() }
        let mask = table.count - 1
        var b = hash(scratch, 0) & mask
        while table[b] != 0 {
            let node = Int(table[b] - 1)
            if equalsScratch(node) { return (node, false) }
            b = (b + 1) & mask
        }
        table[b] = UInt32(count + 1)
        storage.append(contentsOf: scratch)
        count += 1
        return (count - 1, true)
    }

    /// The node of `s`, if stored.
    mutating func node(of s: [UInt64]) -> Int? {
        pack(s)
        let mask = table.count - 1
        var b = hash(scratch, 0) & mask
        while table[b] != 0 {
            let node = Int(table[b] - 1)
            if equalsScratch(node) { return node }
            b = (b + 1) & mask
        }
        return nil
    }

    /// The state stored as `node`, unpacked.
    func state(_ node: Int) -> [UInt64] {
        var s = [UInt64](repeating: 0, count: widths.count)
        let base = node * words
        for slot in 0..<widths.count {
            let w = widths[slot], off = offsets[slot]
            let word = base + off / 64, shift = off % 64
            var v = storage[word] >> UInt64(shift)
            if shift + w > 64 { v |= storage[word + 1] << UInt64(64 - shift) }
            s[slot] = w >= 64 ? v : v & ((1 << UInt64(w)) - 1)
        }
        return s
    }

    private mutating func pack(_ s: [UInt64]) {
        let words = words
        scratch.withUnsafeMutableBufferPointer { scratch in
            offsets.withUnsafeBufferPointer { offsets in
                widths.withUnsafeBufferPointer { widths in
                    s.withUnsafeBufferPointer { s in
                        for k in 0..<words { scratch[k] = 0 }
                        for slot in 0..<widths.count {
                            let w = widths[slot], off = offsets[slot]
                            let v = s[slot]
                            let word = off / 64, shift = off % 64
                            scratch[word] |= v << UInt64(shift)
                            if shift + w > 64 { scratch[word + 1] |= v >> UInt64(64 - shift) }
                        }
                    }
                }
            }
        }
    }

    private func equalsScratch(_ node: Int) -> Bool {
        let base = node * words
        return storage.withUnsafeBufferPointer { st in
            scratch.withUnsafeBufferPointer { sc in
                for k in 0..<words where st[base + k] != sc[k] { return false }
                return true
            }
        }
    }

    /// A 64-bit hash of the packed words at `base` of `buffer` (a multiply-xorshift per word,
    /// then MurmurHash3's 64-bit finalizer, so that the low bits the table uses depend on all).
    private func hash(_ buffer: [UInt64], _ base: Int) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        buffer.withUnsafeBufferPointer { b in
            for k in 0..<words {
                h = (h ^ b[base + k]) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
            }
        }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h)
    }

    private mutating func grow() {
        let size = table.count * 2
        var fresh = [UInt32](repeating: 0, count: size)
        let mask = size - 1
        for node in 0..<count {
            var b = hash(storage, node * words) & mask
            while fresh[b] != 0 { b = (b + 1) & mask }
            fresh[b] = UInt32(node + 1)
        }
        table = fresh
    }
}
