/// Which process instance's local a typed expression reads.
public enum InstanceSel: Hashable, Sendable {
    /// The instance executing the step.
    case current
    /// A fixed instance, by its flat index in `Program.instances`.
    case fixed(Int)

    /// The flat instance meant, given the executing one (instance 0 outside a step).
    public func resolved(executing i: Int?) -> Int {
        switch self {
        case .current: return i ?? 0
        case .fixed(let f): return f
        }
    }
}

/// A typed expression of the IR: every variable resolved to a slot, every conversion explicit.
public indirect enum TExpr: Hashable, Sendable {
    /// A constant bit pattern of a type.
    case const(UInt64, ValueType)
    /// A global scalar, by index in `Program.globals`.
    case global(Int, ValueType)
    /// An element of a global array.
    case globalElement(Int, TExpr, ValueType)
    /// A local scalar of an instance, by index in its kind's `locals`.
    case local(Int, InstanceSel, ValueType)
    /// An element of a local array.
    case localElement(Int, InstanceSel, TExpr, ValueType)
    /// True when flat instance `instance` is at step `step` (`step == steps.count` means terminated).
    case pcIs(instance: Int, step: Int)
    /// The executing instance's index within its kind, as `i32`.
    case selfIndex
    /// A unary operation with its result type.
    case unary(UnaryOp, TExpr, ValueType)
    /// A binary operation: the operands have type `operand`, the result type `result`.
    case binary(BinaryOp, TExpr, TExpr, operand: ValueType, result: ValueType)
    /// A C conversion between integer types.
    case convert(TExpr, to: ValueType)
    /// `cond ? a : b`.
    case ite(TExpr, TExpr, TExpr, ValueType)

    /// The expression's type.
    public var type: ValueType {
        switch self {
        case .const(_, let t), .global(_, let t), .globalElement(_, _, let t), .local(_, _, let t),
             .localElement(_, _, _, let t), .unary(_, _, let t), .convert(_, let t), .ite(_, _, _, let t):
            return t
        case .binary(_, _, _, _, let r): return r
        case .pcIs: return .bool
        case .selfIndex: return .i32
        }
    }
}

/// An assignable place: a variable or an array element.
public struct LValue: Sendable {
    /// Global or local (locals are always the executing instance's).
    public let scope: VarScope
    /// The variable's index in `Program.globals` or the kind's `locals`.
    public let variable: Int
    /// The element index, for arrays.
    public let index: TExpr?
    /// The element type.
    public let type: ValueType
}

/// A typed statement of the IR.
public indirect enum TStmt: Sendable {
    /// Assignment (the value already has the target's type).
    case assign(LValue, TExpr)
    /// Conditional.
    case ifElse(TExpr, [TStmt], [TStmt])
    /// After this step, continue at step index `Int` of the same kind.
    case goto(Int)
    /// After this step, the instance has terminated.
    case terminate
    /// Release lock `Int`; a violation of kind "lock misuse" when not held.
    case release(Int)
    /// Choose a value in `lo...hi` (given in the target's type) for the target; `site` numbers the choice within its kind.
    case choose(LValue, lo: Int64, hi: Int64, site: Int)
    /// A violation of kind "assertion" when the condition is false.
    case assert(TExpr, String)
}
