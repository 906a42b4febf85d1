/// A shadow/TDP page-table entry: bit 0 present, bit 1 writable, bits 12...51 the pfn (of a data
/// page at level 1, of the next page-table page above level 1).
///
/// Simplifications: no accessed/dirty/executable bits, no huge pages, no MMIO SPTEs.
public struct SPTE: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The raw 64-bit value.
    public var rawValue: UInt64

    /// Wraps a raw value.
    @inlinable public init(rawValue: UInt64) { self.rawValue = rawValue }

    @usableFromInline static let presentBit: UInt64 = 1 << 0
    @usableFromInline static let writableBit: UInt64 = 1 << 1
    @usableFromInline static let pfnShift: UInt64 = 12
    @usableFromInline static let pfnMask: UInt64 = ((1 << 40) - 1) << 12

    /// The non-present entry.
    public static let empty = SPTE(rawValue: 0)
    /// The kernel's `REMOVED_SPTE` (0x5a0ULL in v5.15; `1ull << 59` in the first TDP MMU; later
    /// ORed with `SHADOW_NONPRESENT_VALUE` and renamed `FROZEN_SPTE`): a
    /// non-present value a shared-mode zap writes with cmpxchg to freeze an SPTE while it
    /// flushes TLBs; faults that see it return `RET_PF_RETRY`.
    public static let frozen = SPTE(rawValue: 0x5a0)

    /// A present leaf mapping `pfn`.
    @inlinable public static func leaf(_ pfn: PFN, writable: Bool = true) -> SPTE {
        SPTE(rawValue: presentBit | (writable ? writableBit : 0) | (pfn << pfnShift) & pfnMask)
    }

    /// A present non-leaf entry pointing at the page-table page `table`.
    @inlinable public static func table(_ table: PFN) -> SPTE {
        SPTE(rawValue: presentBit | writableBit | (table << pfnShift) & pfnMask)
    }

    /// True for a present entry (the frozen value is not present).
    @inlinable public var isPresent: Bool { rawValue & Self.presentBit != 0 }
    /// True for the frozen (`REMOVED_SPTE`) value.
    @inlinable public var isFrozen: Bool { self == .frozen }
    /// True when writes through the entry are allowed.
    @inlinable public var isWritable: Bool { rawValue & Self.writableBit != 0 }
    /// The pfn bits.
    @inlinable public var pfn: PFN { (rawValue & Self.pfnMask) >> Self.pfnShift }

    public var description: String {
        if isFrozen { return "FROZEN" }
        if !isPresent { return "-" }
        return "pfn \(pfn)\(isWritable ? " w" : "")"
    }
}
