import ProtocolDSL

/// The condition under which evaluating an expression reads no array outside its bounds.
///
/// A query condition such as `host_pfn[vcpu[0].pfn] == 1` has no value in a state where the
/// index is outside the array: the evaluators would read element 0 there, which would make a
/// meaningless state a witness. `ReachabilityQuery` asks for `defined(c) && c` instead, so a
/// state where the condition reads out of bounds does not satisfy it. Reads are counted the way
/// C evaluates: `&&`, `||` and `==>` left to right with short-circuit, `ite` only the branch
/// taken. Because the guard is itself an expression, the explicit engine (the interpreter) and
/// the Z3 encoding (BMC, k-induction, Spacer) give it the same meaning.
struct IndexBounds {
    /// The program whose arrays the expression reads.
    let program: Program

    /// `defined(condition) && condition`, or `condition` when it reads no array element.
    func guarded(_ condition: TExpr) -> TExpr {
        guard let d = defined(condition) else { return condition }
        return .binary(.and, d, condition, operand: .bool, result: .bool)
    }

    /// A Boolean that is true when evaluating `e` reads every array inside its bounds; nil when
    /// `e` reads no array element (always defined).
    func defined(_ e: TExpr) -> TExpr? {
        switch e {
        case .const, .global, .local, .pcIs, .selfIndex:
            return nil
        case .globalElement(let g, let ie, _):
            return both(defined(ie), inRange(ie, count: program.globals[g].slots))
        case .localElement(let l, let sel, let ie, _):
            let kind = program.kinds[program.instances[sel.resolved(executing: nil)].kind]
            return both(defined(ie), inRange(ie, count: kind.locals[l].slots))
        case .unary(_, let a, _), .convert(let a, _):
            return defined(a)
        case .binary(let op, let a, let b, _, _):
            let da = defined(a), db = defined(b)
            switch op {
            // The right operand is read only when the left one does not decide.
            case .and, .implies: return both(da, db.map { or(not(a), $0) })
            case .or: return both(da, db.map { or(a, $0) })
            default: return both(da, db)
            }
        case .ite(let c, let a, let b, _):
            let da = defined(a), db = defined(b)
            guard da != nil || db != nil else { return defined(c) }
            let yes = TExpr.const(1, .bool)
            return both(defined(c), .ite(c, da ?? yes, db ?? yes, .bool))
        }
    }

    /// `0 <= index < count` in the index's own type; nil when the type cannot leave that range.
    func inRange(_ index: TExpr, count: Int) -> TExpr? {
        guard case .int(let w, let signed) = index.type else { return nil }
        let t = index.type
        let largest: UInt64 = signed ? (UInt64(1) << UInt64(w - 1)) - 1 : (w >= 64 ? UInt64.max : (UInt64(1) << UInt64(w)) - 1)
        var parts: [TExpr] = []
        if signed {
            parts.append(.binary(.le, .const(0, t), index, operand: t, result: .bool))
        }
        if UInt64(count) <= largest {
            parts.append(.binary(.lt, index, .const(UInt64(count), t), operand: t, result: .bool))
        }
        return parts.reduce(nil) { both($0, $1) }
    }

    func both(_ a: TExpr?, _ b: TExpr?) -> TExpr? {
        guard let a else { return b }
        guard let b else { return a }
        return .binary(.and, a, b, operand: .bool, result: .bool)
    }

    func or(_ a: TExpr, _ b: TExpr) -> TExpr { .binary(.or, a, b, operand: .bool, result: .bool) }

    func not(_ a: TExpr) -> TExpr { .unary(.not, a, .bool) }
}
