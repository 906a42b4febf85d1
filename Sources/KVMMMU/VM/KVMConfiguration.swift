/// How to build a `KVM`.
public struct KVMConfiguration: Sendable {
    /// Number of vCPUs.
    public var vcpus: Int
    /// The protocol variant.
    public var variant: ProtocolVariant
    /// Guest RAM pages: memslot 0 maps gfn `0 ..< guestPages` to hva `0 ..< guestPages`.
    public var guestPages: UInt64
    /// Physical page frames of the host (data pages and page-table pages).
    public var physicalFrames: Int
    /// Whether to create the private APIC access memslot (gfn 0xfee00, backed by hva `guestPages`).
    public var apicAccessPage: Bool
    /// Random delays at the schedule points when no scheduler runs (stress runs only; nil: none).
    public var jitter: ScheduleJitter?

    /// Creates a configuration.
    public init(vcpus: Int = 1, variant: ProtocolVariant = ProtocolVariant(), guestPages: UInt64 = 64,
                physicalFrames: Int = 4096, apicAccessPage: Bool = true, jitter: ScheduleJitter? = nil) {
        self.vcpus = vcpus
        self.variant = variant
        self.guestPages = guestPages
        self.physicalFrames = physicalFrames
        self.apicAccessPage = apicAccessPage
        self.jitter = jitter
    }
}
