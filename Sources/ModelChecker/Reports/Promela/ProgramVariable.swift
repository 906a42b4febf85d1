import ProtocolDSL

/// A variable of a program: a global, or a local of a process kind (all its instances).
enum ProgramVariable: Hashable, Sendable {
    /// `Program.globals[index]`.
    case global(Int)
    /// `Program.kinds[kind].locals[index]`.
    case local(kind: Int, Int)

    /// Its declaration.
    func declaration(in program: Program) -> Variable {
        switch self {
        case .global(let g): return program.globals[g]
        case .local(let k, let l): return program.kinds[k].locals[l]
        }
    }

    /// Its name as the user wrote it: `mmu_notifier_seq`, `vcpu.mmu_seq`.
    func name(in program: Program) -> String {
        switch self {
        case .global(let g): return program.globals[g].name
        case .local(let k, let l): return "\(program.kinds[k].name).\(program.kinds[k].locals[l].name)"
        }
    }

    /// Every variable of `program`.
    static func all(_ program: Program) -> [ProgramVariable] {
        program.globals.indices.map { .global($0) }
            + program.kinds.indices.flatMap { k in program.kinds[k].locals.indices.map { .local(kind: k, $0) } }
    }
}
