import ProtocolDSL

/// The slots of a layout grouped the way a symmetric projection needs them: the shared slots
/// (globals, the error slot, and every instance of a kind that is not treated as a family), and
/// per instance of a family kind its own slots (program counter, locals, lock holds) in a fixed
/// order, so that position `p` means the same thing in every instance and in every layout of
/// the same model.
struct InstanceSlots {
    let layout: StateLayout
    /// The kinds whose instances are interchangeable members of a family.
    let familyKinds: Set<Int>

    /// The slots of flat instance `i` (`StateLayout.slots(ofInstance:)`).
    func slots(ofInstance i: Int) -> [Int] { layout.slots(ofInstance: i) }

    /// Globals, the error slot, then the slots of every instance of a non-family kind.
    var sharedSlots: [Int] {
        var out = (0..<layout.count).filter { if case .global = layout.roles[$0] { return true } else { return false } }
        out.append(layout.errorSlot)
        for i in layout.program.instances.indices where !familyKinds.contains(layout.program.instances[i].kind) {
            out += slots(ofInstance: i)
        }
        return out
    }

    /// The flat instances of family kind `k`.
    func members(ofKind k: Int) -> [Int] {
        let kind = layout.program.kinds[k]
        return Array(kind.firstInstance..<(kind.firstInstance + kind.instances))
    }
}
