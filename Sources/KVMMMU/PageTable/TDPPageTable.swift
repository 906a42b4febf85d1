import Synchronization

/// A 4-level TDP page table: a radix tree of 512-entry page-table pages of atomic 64-bit SPTEs,
/// living in `PhysicalMemory` frames of kind `.pageTable`.
///
/// Level 4 is the root; a level-L table is indexed by gfn bits `9(L-1) ..< 9L`; leaf SPTEs live
/// in level-1 tables. Page-table pages are freed by their allocator on a failed link
/// (`tdp_mmu_free_sp`) and by an exclusive zap that removes a non-leaf SPTE whose whole range
/// it covers (`zap_gfn_range` -> `handle_removed_tdp_mmu_page`), after the TLB flush that stands
/// in for the kernel's RCU grace period.
public final class TDPPageTable: @unchecked Sendable {
    /// Number of levels.
    public static let levels = 4
    /// Entries per table.
    public static let entriesPerTable = 512

    /// The frames the tables live in.
    public let memory: PhysicalMemory
    /// The root table's pfn.
    public let root: PFN

    /// Allocates an empty root table.
    public init(memory: PhysicalMemory) {
        self.memory = memory
        guard let root = memory.allocate(.pageTable) else { preconditionFailure("no memory for the TDP root") }
        self.root = root
    }

    /// Index of `gfn` in a table of `level`.
    @inlinable public static func index(_ gfn: GFN, level: Int) -> Int {
        Int((gfn >> (9 * UInt64(level - 1))) & 511)
    }

    /// The SPTE slot for `gfn` in `table`, a table of `level`.
    @inlinable public func slot(_ table: PFN, _ gfn: GFN, level: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        memory.word(table, Self.index(gfn, level: level))
    }

    /// Result of a read-only walk.
    public enum Walk {
        /// Every table down to level 1 is present; `slot` is the leaf SPTE's slot.
        case leaf(slot: UnsafeMutablePointer<Atomic<UInt64>>)
        /// The walk stopped at `level` whose SPTE is not present (or frozen).
        case missing(level: Int)
        /// A present non-leaf SPTE pointed at a frame that is not a page-table page.
        case useAfterFree(pfn: PFN, level: Int)
    }

    /// Walks from the root to the leaf slot of `gfn` without modifying anything (the hardware
    /// walk; also used by zaps and invariant checks).
    @inlinable public func walk(_ gfn: GFN) -> Walk {
        var table = root
        var level = Self.levels
        while level > 1 {
            let spte = SPTE(rawValue: slot(table, gfn, level: level).pointee.load(ordering: .acquiring))
            guard spte.isPresent else { return .missing(level: level) }
            table = spte.pfn
            guard memory.kind(of: table) == .pageTable else { return .useAfterFree(pfn: table, level: level - 1) }
            level -= 1
        }
        return .leaf(slot: slot(table, gfn, level: 1))
    }

    /// The leaf SPTE of `gfn` (empty when a table on the way is missing).
    public func leafSPTE(_ gfn: GFN) -> SPTE {
        if case .leaf(let slot) = walk(gfn) { return SPTE(rawValue: slot.pointee.load(ordering: .acquiring)) }
        return .empty
    }

    /// The first gfn in `gfn ..< end` whose leaf slot exists, skipping subtrees with missing
    /// tables, with that slot.
    public func nextLeafSlot(from gfn: GFN, below end: GFN) -> (gfn: GFN, slot: UnsafeMutablePointer<Atomic<UInt64>>)? {
        var current = gfn
        while current < end {
            switch walk(current) {
            case .leaf(let slot):
                return (current, slot)
            case .missing(let level), .useAfterFree(_, let level):
                // Skip the whole range covered by the missing entry at `level`.
                let span = GFN(1) << (9 * UInt64(level - 1))
                current = (current / span + 1) * span
            }
        }
        return nil
    }

    /// A present SPTE that a zap of `[start, end)` removes, as found by `nextZapTarget`.
    public struct ZapTarget {
        /// The first gfn the SPTE maps.
        public let gfn: GFN
        /// The level of the table holding the SPTE (1: a leaf).
        public let level: Int
        /// The SPTE's slot.
        public let slot: UnsafeMutablePointer<Atomic<UInt64>>

        /// The number of gfns the SPTE maps.
        public var span: GFN { GFN(1) << (9 * UInt64(level - 1)) }
    }

    /// The next SPTE, from `gfn` up to `end`, that `zap_gfn_range(start, end)` removes: a present
    /// leaf, or a present non-leaf SPTE whose whole range lies in `[start, end)` (the kernel zaps
    /// it and frees the tables below it instead of stepping down). Missing subtrees are skipped.
    public func nextZapTarget(from gfn: GFN, start: GFN, end: GFN) -> ZapTarget? {
        var current = gfn
        search: while current < end {
            var table = root
            var level = Self.levels
            while true {
                let entry = slot(table, current, level: level)
                let spte = SPTE(rawValue: entry.pointee.load(ordering: .acquiring))
                let span = GFN(1) << (9 * UInt64(level - 1))
                let base = current / span * span
                guard spte.isPresent, level == 1 || memory.kind(of: spte.pfn) == .pageTable else {
                    current = base + span
                    continue search
                }
                if level == 1 { return ZapTarget(gfn: current, level: 1, slot: entry) }
                if base >= start && base + span <= end { return ZapTarget(gfn: base, level: level, slot: entry) }
                table = spte.pfn
                level -= 1
            }
        }
        return nil
    }

    /// The page-table page `table` of `level` and every page-table page below it.
    public func subtree(_ table: PFN, level: Int) -> [PFN] {
        var result: [PFN] = [table]
        var frontier: [(PFN, Int)] = [(table, level)]
        while let (current, currentLevel) = frontier.popLast() {
            guard currentLevel > 1 else { continue }
            for index in 0..<Self.entriesPerTable {
                let spte = SPTE(rawValue: memory.word(current, index).pointee.load(ordering: .acquiring))
                if spte.isPresent, memory.kind(of: spte.pfn) == .pageTable {
                    result.append(spte.pfn)
                    frontier.append((spte.pfn, currentLevel - 1))
                }
            }
        }
        return result
    }

    /// Creates (under exclusive use, e.g. scene setup) the tables on the path to `gfn` so that
    /// the SPTE at `level` exists but is left untouched.
    public func prepopulate(_ gfn: GFN, downTo level: Int) {
        var table = root
        var current = Self.levels
        while current > level {
            let entry = slot(table, gfn, level: current)
            var spte = SPTE(rawValue: entry.pointee.load(ordering: .acquiring))
            if !spte.isPresent {
                guard let sp = memory.allocate(.pageTable) else { preconditionFailure("out of memory") }
                spte = .table(sp)
                entry.pointee.store(spte.rawValue, ordering: .releasing)
            }
            table = spte.pfn
            current -= 1
        }
    }

    /// Every page-table page reachable from the root (including the root).
    public func reachableTables() -> Set<PFN> {
        var result: Set<PFN> = [root]
        var frontier: [(PFN, Int)] = [(root, Self.levels)]
        while let (table, level) = frontier.popLast() {
            guard level > 1 else { continue }
            for index in 0..<Self.entriesPerTable {
                let spte = SPTE(rawValue: memory.word(table, index).pointee.load(ordering: .acquiring))
                if spte.isPresent, memory.kind(of: spte.pfn) == .pageTable, result.insert(spte.pfn).inserted {
                    frontier.append((spte.pfn, level - 1))
                }
            }
        }
        return result
    }

    /// Every present leaf SPTE as (gfn, SPTE).
    public func presentLeaves() -> [(gfn: GFN, spte: SPTE)] {
        var result: [(GFN, SPTE)] = []
        func visit(_ table: PFN, _ level: Int, _ base: GFN) {
            for index in 0..<Self.entriesPerTable {
                let spte = SPTE(rawValue: memory.word(table, index).pointee.load(ordering: .acquiring))
                guard spte.isPresent else { continue }
                let gfn = base | (GFN(index) << (9 * UInt64(level - 1)))
                if level == 1 {
                    result.append((gfn, spte))
                } else if memory.kind(of: spte.pfn) == .pageTable {
                    visit(spte.pfn, level - 1, gfn)
                }
            }
        }
        visit(root, Self.levels, 0)
        return result.map { (gfn: $0.0, spte: $0.1) }
    }
}
