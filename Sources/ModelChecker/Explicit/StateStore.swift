/// The visited set of an explicit search: every state packed to bits by its layout's slot
/// widths, all in one array, found again through an open-addressing hash table of node numbers.
///
/// A state of the KVM models takes 2-4 words here instead of a heap array of one word per slot
/// plus a dictionary entry; `bytes` is what the store holds, for the states/s and bytes/state
/// figures of the benchmarks.
///
/// With hash compaction (Holzmann's `-DHC` in SPIN) a state is stored as its signature only: one
/// word, the low `signatureBits` bits of its 64-bit hash. Two states with one signature are then
/// taken for one, and the second is never explored; `state(_:)` is not available, so the search
/// keeps the packed states of its frontier itself (`appendLastPacked`, `unpack`).
struct StateStore {
    /// Bit offset of each slot in a packed state.
    private let offsets: [Int]
    private let widths: [Int]
    /// Words of one packed state.
    let words: Int
    /// The bits of a state's signature when the store keeps signatures only (nil: whole states).
    let signatureBits: Int?
    private var storage: [UInt64] = []
    /// Node + 1 per bucket, 0 for an empty bucket; the count is a power of two.
    private var table: [UInt32]
    private var scratch: [UInt64]
    /// The number of states stored.
    private(set) var count = 0

    /// The most states one store numbers (nodes are 32-bit).
    static let capacity = Int(UInt32.max - 1)

    /// An empty store for states of `layout`; with `signatureBits` (1...64), a store of signatures.
    init(layout: StateLayout, signatureBits: Int? = nil) {
        precondition(signatureBits.map { (1...64).contains($0) } ?? true, "signature bits out of 1...64")
        var offsets: [Int] = []
        var bit = 0
        for w in layout.widths {
            offsets.append(bit)
            bit += w
        }
        self.offsets = offsets
        widths = layout.widths
        words = Swift.max(1, (bit + 63) / 64)
        self.signatureBits = signatureBits
        table = [UInt32](repeating: 0, count: 1024)
        scratch = [UInt64](repeating: 0, count: words)
    }

    /// The bytes one state of a search costs on average: its packed words (one signature word
    /// with hash compaction), a bucket at the table's mean load, and the search's parent, step
    /// and frontier entries (16 bytes).
    static func bytesPerState(_ layout: StateLayout, compacted: Bool = false) -> Int {
        let bits = layout.widths.reduce(0, +)
        return (compacted ? 1 : Swift.max(1, (bits + 63) / 64)) * 8 + 8 + 16
    }

    /// The bytes held now.
    var bytes: Int { storage.capacity * 8 + table.capacity * 4 }

    /// Stores `s` unless it is there; returns its node and whether it was new.
    mutating func insert(_ s: [UInt64]) -> (node: Int, inserted: Bool) {
        pack(s)
        if (count + 1) * 4 > table.count * 3 { grow() }
        let mask = table.count - 1
        let signature = signatureOfScratch()
        var b = bucket(signature) & mask
        while table[b] != 0 {
            let node = Int(table[b] - 1)
            if equalsScratch(node, signature) { return (node, false) }
            b = (b + 1) & mask
        }
        table[b] = UInt32(count + 1)
        if signatureBits == nil {
            storage.append(contentsOf: scratch)
        } else {
            storage.append(signature)
        }
        count += 1
        return (count - 1, true)
    }

    /// The node of `s`, if stored.
    mutating func node(of s: [UInt64]) -> Int? {
        pack(s)
        let mask = table.count - 1
        let signature = signatureOfScratch()
        var b = bucket(signature) & mask
        while table[b] != 0 {
            let node = Int(table[b] - 1)
            if equalsScratch(node, signature) { return node }
            b = (b + 1) & mask
        }
        return nil
    }

    /// The state stored as `node`, unpacked (whole states only: with hash compaction the
    /// search keeps its frontier's states itself).
    func state(_ node: Int) -> [UInt64] {
        precondition(signatureBits == nil, "a store of signatures keeps no states")
        return unpack(storage, at: node)
    }

    /// Appends the state last given to `insert` or `node(of:)`, packed to `words` words, to
    /// `buffer` (a search's own copy of a state it has just stored).
    func appendLastPacked(to buffer: inout [UInt64]) {
        buffer.append(contentsOf: scratch)
    }

    /// The `index`th state packed in `buffer` (by this store or by `packed`), unpacked.
    func unpack(_ buffer: [UInt64], at index: Int) -> [UInt64] {
        var s = [UInt64](repeating: 0, count: widths.count)
        let base = index * words
        for slot in 0..<widths.count {
            let w = widths[slot], off = offsets[slot]
            let word = base + off / 64, shift = off % 64
            var v = buffer[word] >> UInt64(shift)
            if shift + w > 64 { v |= buffer[word + 1] << UInt64(64 - shift) }
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

    /// The hash of the packed state in `scratch`, cut to `signatureBits` with hash compaction.
    private func signatureOfScratch() -> UInt64 {
        let h = hash(scratch, 0)
        guard let bits = signatureBits, bits < 64 else { return h }
        return h & ((1 << UInt64(bits)) - 1)
    }

    /// The bucket a signature starts probing at (a signature cut to few bits is spread again).
    private func bucket(_ signature: UInt64) -> Int {
        guard let bits = signatureBits, bits < 64 else { return Int(truncatingIfNeeded: signature) }
        return Int(truncatingIfNeeded: signature &* 0x9E37_79B9_7F4A_7C15)
    }

    private func equalsScratch(_ node: Int, _ signature: UInt64) -> Bool {
        if signatureBits != nil { return storage[node] == signature }
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
    private func hash(_ buffer: [UInt64], _ base: Int) -> UInt64 {
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
        return h
    }

    private mutating func grow() {
        let size = table.count * 2
        var fresh = [UInt32](repeating: 0, count: size)
        let mask = size - 1
        for node in 0..<count {
            let signature = signatureBits == nil ? hash(storage, node * words) : storage[node]
            var b = bucket(signature) & mask
            while fresh[b] != 0 { b = (b + 1) & mask }
            fresh[b] = UInt32(node + 1)
        }
        table = fresh
    }
}
