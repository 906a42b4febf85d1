import SMT

/// A symbolic value: a Boolean term, or a bit-vector term.
enum Sym {
    case bool(BoolTerm)
    case bv(BitVecTerm)

    var asBool: BoolTerm {
        switch self {
        case .bool(let b): return b
        case .bv(let v): return !v.eq(BitVecTerm.literal(0, width: v.width, in: v.term.context))
        }
    }

    var asBV: BitVecTerm {
        switch self {
        case .bv(let v): return v
        case .bool(let b):
            let ctx = b.term.context
            return b.ite(BitVecTerm.literal(1, width: 1, in: ctx), BitVecTerm.literal(0, width: 1, in: ctx))
        }
    }
}
