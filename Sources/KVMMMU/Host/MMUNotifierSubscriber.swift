/// A secondary MMU that the host memory map notifies around changes of host PTEs
/// (the kernel's `struct mmu_notifier_ops`, reduced to the two callbacks this project needs).
public protocol MMUNotifierSubscriber: AnyObject, Sendable {
    /// Called before host PTEs in `range` change (`invalidate_range_start`).
    func invalidateRangeStart(_ range: Range<HVA>)
    /// Called after host PTEs in `range` changed (`invalidate_range_end`).
    func invalidateRangeEnd(_ range: Range<HVA>)
}

/// A weak reference to a subscriber, so the host map does not keep VMs alive.
final class WeakSubscriber: @unchecked Sendable {
    weak var value: (any MMUNotifierSubscriber)?
    init(_ value: any MMUNotifierSubscriber) { self.value = value }
}
