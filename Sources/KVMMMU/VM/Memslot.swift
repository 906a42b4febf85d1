/// A guest memory slot: `npages` guest frames from `baseGFN`, backed by host virtual pages from
/// `userspaceAddress` (`struct kvm_memory_slot`).
///
/// Simplification: memslots are fixed when the VM is created (no SRCU-protected updates).
public struct Memslot: Sendable, Hashable {
    /// The kernel's `APIC_ACCESS_PAGE_PRIVATE_MEMSLOT` id on x86: `KVM_USER_MEM_SLOTS + 1`, where
    /// `KVM_USER_MEM_SLOTS` is `KVM_MEM_SLOTS_NUM` (`SHRT_MAX`) minus the 3 private slots, 32764.
    public static let apicAccessPrivateID = 32765

    /// Slot id.
    public let id: Int
    /// First guest frame.
    public let baseGFN: GFN
    /// Number of pages.
    public let npages: UInt64
    /// First host virtual page.
    public let userspaceAddress: HVA

    /// Creates a slot.
    public init(id: Int, baseGFN: GFN, npages: UInt64, userspaceAddress: HVA) {
        self.id = id
        self.baseGFN = baseGFN
        self.npages = npages
        self.userspaceAddress = userspaceAddress
    }

    /// True for the private APIC access memslot.
    public var isAPICAccess: Bool { id == Self.apicAccessPrivateID }
    /// The guest frames of the slot.
    public var gfns: Range<GFN> { baseGFN..<(baseGFN + npages) }
    /// The host pages of the slot.
    public var hvas: Range<HVA> { userspaceAddress..<(userspaceAddress + npages) }

    /// `__gfn_to_hva_memslot`.
    @inlinable public func hva(of gfn: GFN) -> HVA { userspaceAddress + (gfn - baseGFN) }

    /// The gfns of this slot whose hva lies in `range` (`hva_to_gfn_memslot` over the overlap).
    public func gfns(overlapping range: Range<HVA>) -> Range<GFN> {
        let lo = max(range.lowerBound, userspaceAddress)
        let hi = min(range.upperBound, userspaceAddress + npages)
        guard lo < hi else { return baseGFN..<baseGFN }
        return (baseGFN + (lo - userspaceAddress))..<(baseGFN + (hi - userspaceAddress))
    }
}
