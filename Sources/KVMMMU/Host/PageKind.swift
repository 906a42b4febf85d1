/// A host page frame number. Pfn 0 is reserved and never allocated ("no page").
public typealias PFN = UInt64
/// A guest frame number.
public typealias GFN = UInt64
/// A host virtual page number (the simulated host's addresses are page-granular).
public typealias HVA = UInt64

/// What a physical page frame currently holds.
public enum PageKind: UInt64, Sendable {
    /// On the free list (any access through an SPTE is a use-after-free).
    case free = 0
    /// A data page (guest memory or the APIC access page).
    case data = 1
    /// A TDP page-table page (512 SPTEs).
    case pageTable = 2
}
