/// How the text reports write a slot's value: as the model reads it, with unsigned integers
/// of 2^16 and more (addresses, pfns, range ends) in hex.
public struct ValueDisplay: Sendable {
    /// The layout that types the slots.
    public let layout: StateLayout

    /// Creates a display for `layout`.
    public init(layout: StateLayout) { self.layout = layout }

    /// The smallest unsigned value written in hex.
    public static let hexFrom: UInt64 = 1 << 16

    /// `bits` of `slot` for a reader.
    public func value(_ slot: Int, _ bits: UInt64) -> String {
        if case .int(_, false)? = layout.valueType(ofSlot: slot), bits >= Self.hexFrom {
            return "0x" + String(bits, radix: 16)
        }
        return layout.render(slot: slot, bits)
    }

    /// `slot`'s name, without the `vcpu[0].` prefix when it is a local of `instance`.
    public func name(_ slot: Int, relativeTo instance: Int?) -> String {
        let name = layout.changeName(ofSlot: slot)
        if let instance {
            let prefix = layout.program.instanceName(instance) + "."
            if name.hasPrefix(prefix) { return String(name.dropFirst(prefix.count)) }
        }
        return name
    }

    /// `name=value` for each slot value, joined by commas.
    public func assignments(_ values: [SlotValue], relativeTo instance: Int?) -> String {
        values.map { "\(name($0.slot, relativeTo: instance))=\(value($0.slot, $0.value))" }.joined(separator: ", ")
    }

    /// What a step did to a lock, and who holds it after: `mmu_lock: takes shared; held by
    /// vcpu[0] (shared), inhibit[0] (shared)`.
    public func lockChange(lock: Int, after state: [UInt64], mover: Int) -> String {
        let program = layout.program
        let hold = state[layout.lockSlot[lock][mover]]
        let action = hold == 0 ? "releases" : "takes " + layout.render(slot: layout.lockSlot[lock][mover], hold)
        let holders = program.instances.indices.compactMap { i -> String? in
            let slot = layout.lockSlot[lock][i]
            return state[slot] == 0 ? nil : "\(program.instanceName(i)) (\(layout.render(slot: slot, state[slot])))"
        }
        return "\(program.locks[lock].name): \(action); " + (holders.isEmpty ? "now free" : "held by " + holders.joined(separator: ", "))
    }
}
