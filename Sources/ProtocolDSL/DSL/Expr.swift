/// An expression of the DSL, as the model writes it (typed later, against the declarations).
///
/// Build expressions from declared variables, literals and operators:
/// `count != 0 || seq != mmuSeq`, `result == "retry"`, `hostPfn[lo] + 1`.
/// The comparison operators return expressions, not Swift Booleans.
public indirect enum Expr: Sendable, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral {
    /// An integer literal; it takes its type from the other operand.
    case int(Int64)
    /// A Boolean literal.
    case bool(Bool)
    /// An enumeration case, by name; its type comes from the other operand.
    case enumCase(String)
    /// A declared variable (global, or local of the executing process).
    case variable(VarDecl)
    /// An element of a declared array variable.
    case element(VarDecl, Expr)
    /// A local variable of a given process instance (for invariants and queries): `vcpu[1].mmu_seq`.
    case localOf(kind: String, instance: Int, name: String, index: Expr?)
    /// True when the given process instance is about to execute the step with `label`: `vcpu[0]@fault.map`.
    case at(kind: String, instance: Int, label: String)
    /// True when the given process instance has terminated: `zap@done`.
    case finished(kind: String, instance: Int)
    /// The index of the executing process instance within its kind (0-based), as an `i32`.
    case selfIndex
    /// A unary operation.
    case unary(UnaryOp, Expr)
    /// A binary operation.
    case binary(BinaryOp, Expr, Expr)
    /// `cond ? a : b`.
    case ite(Expr, Expr, Expr)

    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .enumCase(value) }

    /// The expression as a model writer would read it.
    public var rendered: String {
        switch self {
        case .int(let v): return String(v)
        case .bool(let b): return String(b)
        case .enumCase(let c): return "\"\(c)\""
        case .variable(let d): return d.name
        case .element(let d, let i): return "\(d.name)[\(i.rendered)]"
        case .localOf(let k, let n, let name, let idx):
            return "\(k)[\(n)].\(name)" + (idx.map { "[\($0.rendered)]" } ?? "")
        case .at(let k, let n, let l): return "\(k)[\(n)]@\(l)"
        case .finished(let k, let n): return "\(k)[\(n)]@done"
        case .selfIndex: return "self"
        case .unary(let op, let a): return "\(op.rawValue)\(a.renderedOperand)"
        case .binary(let op, let a, let b): return "\(a.renderedOperand) \(op.rawValue) \(b.renderedOperand)"
        case .ite(let c, let a, let b): return "(\(c.rendered) ? \(a.rendered) : \(b.rendered))"
        }
    }

    private var renderedOperand: String {
        switch self {
        case .binary: return "(\(rendered))"
        default: return rendered
        }
    }
}

/// Unary operators of the DSL.
public enum UnaryOp: String, Sendable {
    /// Boolean negation.
    case not = "!"
    /// Bitwise complement.
    case complement = "~"
    /// Arithmetic negation (wraps as in C).
    case negate = "-"
}

/// Binary operators of the DSL.
public enum BinaryOp: String, Sendable, CaseIterable {
    case add = "+", sub = "-", mul = "*"
    case bitAnd = "&", bitOr = "|", bitXor = "^", shl = "<<", shr = ">>"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case and = "&&", or = "||", implies = "==>"

    /// Whether the operator compares two values and yields a Boolean.
    public var isComparison: Bool { [.eq, .ne, .lt, .le, .gt, .ge].contains(self) }
    /// Whether the operator combines Booleans.
    public var isLogical: Bool { [.and, .or, .implies].contains(self) }
}

infix operator ==> : LogicalDisjunctionPrecedence

extension Expr {
    /// Addition with wrap-around.
    public static func + (a: Expr, b: Expr) -> Expr { .binary(.add, a, b) }
    /// Subtraction with wrap-around.
    public static func - (a: Expr, b: Expr) -> Expr { .binary(.sub, a, b) }
    /// Multiplication with wrap-around.
    public static func * (a: Expr, b: Expr) -> Expr { .binary(.mul, a, b) }
    /// Bitwise and.
    public static func & (a: Expr, b: Expr) -> Expr { .binary(.bitAnd, a, b) }
    /// Bitwise or.
    public static func | (a: Expr, b: Expr) -> Expr { .binary(.bitOr, a, b) }
    /// Bitwise exclusive or.
    public static func ^ (a: Expr, b: Expr) -> Expr { .binary(.bitXor, a, b) }
    /// Left shift.
    public static func << (a: Expr, b: Expr) -> Expr { .binary(.shl, a, b) }
    /// Right shift (arithmetic for signed operands, as gcc does).
    public static func >> (a: Expr, b: Expr) -> Expr { .binary(.shr, a, b) }
    /// Equality (an expression, not a Swift Bool).
    public static func == (a: Expr, b: Expr) -> Expr { .binary(.eq, a, b) }
    /// Inequality.
    public static func != (a: Expr, b: Expr) -> Expr { .binary(.ne, a, b) }
    /// Less-than, signed or unsigned by the operands' type.
    public static func < (a: Expr, b: Expr) -> Expr { .binary(.lt, a, b) }
    /// Less-or-equal.
    public static func <= (a: Expr, b: Expr) -> Expr { .binary(.le, a, b) }
    /// Greater-than.
    public static func > (a: Expr, b: Expr) -> Expr { .binary(.gt, a, b) }
    /// Greater-or-equal.
    public static func >= (a: Expr, b: Expr) -> Expr { .binary(.ge, a, b) }
    /// Boolean and.
    public static func && (a: Expr, b: Expr) -> Expr { .binary(.and, a, b) }
    /// Boolean or.
    public static func || (a: Expr, b: Expr) -> Expr { .binary(.or, a, b) }
    /// Implication.
    public static func ==> (a: Expr, b: Expr) -> Expr { .binary(.implies, a, b) }
    /// Boolean negation.
    public static prefix func ! (a: Expr) -> Expr { .unary(.not, a) }
    /// Bitwise complement.
    public static prefix func ~ (a: Expr) -> Expr { .unary(.complement, a) }
    /// Arithmetic negation.
    public static prefix func - (a: Expr) -> Expr { .unary(.negate, a) }
}

/// `cond ? a : b` as an expression.
public func ite(_ cond: Expr, _ a: Expr, _ b: Expr) -> Expr { .ite(cond, a, b) }

/// The index of the executing process instance within its kind.
public let selfIndex = Expr.selfIndex
