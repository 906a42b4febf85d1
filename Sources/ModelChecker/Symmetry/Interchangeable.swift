import ProtocolDSL

/// Which process kinds have interchangeable instances: more than one instance, steps that never
/// read their own index (`selfIndex`), and no step of any kind that names one of its instances
/// (a fixed instance's local or program counter). Only these are generalized over; the
/// instances of other kinds stay part of the shared state.
///
/// This only steers the guess: a candidate invariant built on a wrong symmetry fails its
/// re-check at the real size and is discarded.
enum Interchangeable {
    /// The kinds whose instances are interchangeable.
    static func kinds(of program: Program) -> Set<Int> {
        let (named, usesSelf) = obstacles(in: program)
        return Set(program.kinds.indices.filter {
            program.kinds[$0].instances > 1 && !named.contains($0) && !usesSelf.contains($0)
        })
    }

    /// The kinds some step names an instance of, and the kinds whose steps read `selfIndex`.
    static func obstacles(in program: Program) -> (named: Set<Int>, usesSelf: Set<Int>) {
        var named = Set<Int>()
        var usesSelf = Set<Int>()
        for (k, kind) in program.kinds.enumerated() {
            for step in kind.steps {
                var exprs: [TExpr] = step.guardExpr.map { [$0] } ?? []
                collect(step.body, into: &exprs)
                for e in exprs {
                    walk(e) { sub in
                        switch sub {
                        case .selfIndex: usesSelf.insert(k)
                        case .local(_, .fixed(let f), _), .localElement(_, .fixed(let f), _, _), .pcIs(let f, _):
                            named.insert(program.instances[f].kind)
                        default: break
                        }
                    }
                }
            }
        }
        return (named, usesSelf)
    }

    static func collect(_ body: [TStmt], into out: inout [TExpr]) {
        for s in body {
            switch s {
            case .assign(let lv, let e):
                out.append(e)
                if let i = lv.index { out.append(i) }
            case .ifElse(let c, let a, let b):
                out.append(c)
                collect(a, into: &out)
                collect(b, into: &out)
            case .choose(let lv, _, _, _):
                if let i = lv.index { out.append(i) }
            case .assert(let e, _):
                out.append(e)
            case .goto, .terminate, .release:
                break
            }
        }
    }

    static func walk(_ e: TExpr, _ visit: (TExpr) -> Void) {
        visit(e)
        switch e {
        case .globalElement(_, let i, _), .localElement(_, _, let i, _), .unary(_, let i, _), .convert(let i, _):
            walk(i, visit)
        case .binary(_, let a, let b, _, _):
            walk(a, visit)
            walk(b, visit)
        case .ite(let c, let a, let b, _):
            walk(c, visit)
            walk(a, visit)
            walk(b, visit)
        case .const, .global, .local, .pcIs, .selfIndex:
            break
        }
    }
}
