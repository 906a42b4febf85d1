import ProtocolDSL

/// What a state slot holds.
public enum SlotRole: Sendable, Hashable {
    /// A global variable element.
    case global(variable: Int, element: Int)
    /// A local variable element of a flat instance.
    case local(instance: Int, variable: Int, element: Int)
    /// The program counter of a flat instance (`steps.count` = terminated).
    case pc(instance: Int)
    /// How a flat instance holds a lock: 0 not, 1 shared, 2 exclusive.
    case lockHold(lock: Int, instance: Int)
    /// The error code: 0 none, then `ErrorCode` raw values.
    case error
}

/// Error codes a step can raise (the error slot's values).
public enum ErrorCode: UInt64, Sendable {
    /// A lock released by an instance that does not hold it.
    case lockMisuse = 1
    /// An array index out of bounds.
    case outOfBounds = 2
    /// A failed `Assert`.
    case assertion = 3
}

/// The flat layout of a state: one `UInt64` per slot, each with a type and a printable name.
public struct StateLayout: Sendable {
    /// The program laid out.
    public let program: Program
    /// What each slot holds.
    public let roles: [SlotRole]
    /// The bit width of each slot.
    public let widths: [Int]
    /// The printable name of each slot (`mmu_notifier_seq`, `vcpu[0].mmu_seq`, `host_pfn[1]`).
    public let names: [String]
    /// The first slot of each global.
    public let globalBase: [Int]
    /// The first slot of each local, per flat instance.
    public let localBase: [[Int]]
    /// The program-counter slot of each flat instance.
    public let pcSlot: [Int]
    /// The hold slot of each lock, per flat instance: `lockSlot[lock][instance]`.
    public let lockSlot: [[Int]]
    /// The error slot.
    public let errorSlot: Int

    /// Lays out `program`.
    public init(_ program: Program) {
        self.program = program
        var roles: [SlotRole] = [], widths: [Int] = [], names: [String] = []
        var globalBase: [Int] = []
        for (g, v) in program.globals.enumerated() {
            globalBase.append(roles.count)
            for e in 0..<v.slots {
                roles.append(.global(variable: g, element: e))
                widths.append(v.type.bitWidth)
                names.append(v.count == nil ? v.name : "\(v.name)[\(e)]")
            }
        }
        var localBase: [[Int]] = [], pcSlot: [Int] = []
        for (i, inst) in program.instances.enumerated() {
            let kind = program.kinds[inst.kind]
            let prefix = program.instanceName(i)
            pcSlot.append(roles.count)
            roles.append(.pc(instance: i))
            widths.append(Swift.max(1, bitsFor(kind.steps.count + 1)))
            names.append("\(prefix).pc")
            var bases: [Int] = []
            for (l, v) in kind.locals.enumerated() {
                bases.append(roles.count)
                for e in 0..<v.slots {
                    roles.append(.local(instance: i, variable: l, element: e))
                    widths.append(v.type.bitWidth)
                    names.append(v.count == nil ? "\(prefix).\(v.name)" : "\(prefix).\(v.name)[\(e)]")
                }
            }
            localBase.append(bases)
        }
        var lockSlot: [[Int]] = []
        for (l, lock) in program.locks.enumerated() {
            var perInstance: [Int] = []
            for i in program.instances.indices {
                perInstance.append(roles.count)
                roles.append(.lockHold(lock: l, instance: i))
                widths.append(2)
                names.append("\(program.instanceName(i)).holds(\(lock.name))")
            }
            lockSlot.append(perInstance)
        }
        errorSlot = roles.count
        roles.append(.error)
        widths.append(2)
        names.append("error")
        self.roles = roles
        self.widths = widths
        self.names = names
        self.globalBase = globalBase
        self.localBase = localBase
        self.pcSlot = pcSlot
        self.lockSlot = lockSlot
    }

    /// The number of slots.
    public var count: Int { roles.count }

    /// The slots flat instance `i` owns, in layout order: its program counter, its locals in
    /// order, then its hold of each lock. Position `p` means the same in every instance of a kind.
    public func slots(ofInstance i: Int) -> [Int] {
        var out = [pcSlot[i]]
        let kind = program.kinds[program.instances[i].kind]
        for (v, variable) in kind.locals.enumerated() {
            out += (0..<variable.slots).map { localBase[i][v] + $0 }
        }
        return out + lockSlot.map { $0[i] }
    }

    /// The declared type of a variable slot (nil for bookkeeping slots).
    public func valueType(ofSlot s: Int) -> ValueType? {
        switch roles[s] {
        case .global(let g, _): return program.globals[g].type
        case .local(let i, let l, _): return program.kinds[program.instances[i].kind].locals[l].type
        default: return nil
        }
    }

    /// The slot's initial value range (data choices have lo < hi).
    public func initialRange(ofSlot s: Int) -> ClosedRange<Int64> {
        switch roles[s] {
        case .global(let g, let e): return program.globals[g].initial[e]
        case .local(let i, let l, let e): return program.kinds[program.instances[i].kind].locals[l].initial[e]
        default: return 0...0
        }
    }

    /// The slots whose values differ between `a` and `b` that a user sees change (variables
    /// and lock holds; not program counters or the error code), in slot order.
    public func visibleChanges(from a: [UInt64], to b: [UInt64]) -> [Int] {
        (0..<count).filter { slot in
            guard a[slot] != b[slot] else { return false }
            switch roles[slot] {
            case .pc, .error: return false
            default: return true
            }
        }
    }

    /// The name a change of `slot` is reported under: the variable, or the lock's name for a hold.
    public func changeName(ofSlot slot: Int) -> String {
        if case .lockHold(let l, _) = roles[slot] { return program.locks[l].name }
        return names[slot]
    }

    /// A slot's value as a user reads it.
    public func render(slot s: Int, _ bits: UInt64) -> String {
        switch roles[s] {
        case .pc(let i):
            let steps = program.steps(of: i)
            return Int(bits) < steps.count ? steps[Int(bits)].label : "done"
        case .lockHold:
            return ["free", "shared", "exclusive", "?"][Int(bits & 3)]
        case .error:
            return ErrorCode(rawValue: bits).map { "\($0)" } ?? "none"
        default:
            return valueType(ofSlot: s)?.render(bits) ?? String(bits)
        }
    }
}
