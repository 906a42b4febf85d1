import ProtocolDSL

/// The state slots an expression reads (an array read reads every element of the array).
struct ExpressionReads {
    let layout: StateLayout

    /// Adds the slots `e` reads, evaluated by instance `executing` (nil in a property, whose
    /// instances are fixed by the expansion of its quantifiers), to `read`.
    func add(_ e: TExpr, executing: Int?, into read: inout Set<Int>) {
        let program = layout.program
        Interchangeable.walk(e) { sub in
            switch sub {
            case .global(let g, _), .globalElement(let g, _, _):
                let base = layout.globalBase[g]
                read.formUnion(base..<(base + program.globals[g].slots))
            case .local(let l, let sel, _), .localElement(let l, let sel, _, _):
                let i = sel.resolved(executing: executing)
                let base = layout.localBase[i][l]
                read.formUnion(base..<(base + program.kinds[program.instances[i].kind].locals[l].slots))
            default:
                break
            }
        }
    }

    /// The slots `e` reads, in slot order.
    func slots(_ e: TExpr, executing: Int?) -> [Int] {
        var read = Set<Int>()
        add(e, executing: executing, into: &read)
        return read.sorted()
    }
}
