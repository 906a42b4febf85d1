/// A statement inside a step; all statements of one step execute as one atomic action.
public indirect enum Stmt: Sendable {
    /// `target <- value`; the value is converted to the target's type (C semantics).
    case assign(Expr, Expr, SourceLocation)
    /// `If(cond) { ... } else: { ... }`.
    case ifElse(Expr, [Stmt], [Stmt], SourceLocation)
    /// Continue at the step with this label (of the same process) after this step.
    case goto(String, SourceLocation)
    /// The process terminates after this step.
    case terminate(SourceLocation)
    /// Release a lock; releasing a lock the instance does not hold is a "lock misuse" violation.
    case release(LockRef, SourceLocation)
    /// Assign a nondeterministically chosen value in `lo...hi` to the target.
    case choose(Expr, Int64, Int64, SourceLocation)
    /// A local assertion; when false the step is a violation of kind "assertion".
    case assert(Expr, String, SourceLocation)
}

infix operator <- : AssignmentPrecedence

/// Assignment statement: `mmuSeq <- seq`.
public func <- (target: Expr, value: Expr) -> Stmt {
    .assign(target, value, SourceLocation(file: "?", line: 0))
}

/// Assignment statement with its source location.
public func Assign(_ target: Expr, _ value: Expr, file: String = #fileID, line: Int = #line) -> Stmt {
    .assign(target, value, SourceLocation(file: file, line: line))
}

/// A conditional inside a step.
public func If(_ cond: Expr, file: String = #fileID, line: Int = #line,
               @StmtBuilder then: () -> [Stmt], @StmtBuilder else otherwise: () -> [Stmt] = { [] }) -> Stmt {
    .ifElse(cond, then(), otherwise(), SourceLocation(file: file, line: line))
}

/// Jump: after this step, continue at `label`.
public func Goto(_ label: String, file: String = #fileID, line: Int = #line) -> Stmt {
    .goto(label, SourceLocation(file: file, line: line))
}

/// Terminate the process after this step.
public func Terminate(file: String = #fileID, line: Int = #line) -> Stmt {
    .terminate(SourceLocation(file: file, line: line))
}

/// Release a lock held by this instance.
public func Release(_ lock: LockRef, file: String = #fileID, line: Int = #line) -> Stmt {
    .release(lock, SourceLocation(file: file, line: line))
}

/// Nondeterministic choice of a value in `range` for `target`.
public func Choose(_ target: Expr, in range: ClosedRange<Int64>, file: String = #fileID, line: Int = #line) -> Stmt {
    .choose(target, range.lowerBound, range.upperBound, SourceLocation(file: file, line: line))
}

/// An assertion checked when the step executes.
public func Assert(_ cond: Expr, _ message: String, file: String = #fileID, line: Int = #line) -> Stmt {
    .assert(cond, message, SourceLocation(file: file, line: line))
}

/// Collects the statements of a step body.
@resultBuilder
public enum StmtBuilder {
    public static func buildExpression(_ s: Stmt) -> [Stmt] { [s] }
    public static func buildBlock(_ parts: [Stmt]...) -> [Stmt] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Stmt]?) -> [Stmt] { part ?? [] }
    public static func buildEither(first: [Stmt]) -> [Stmt] { first }
    public static func buildEither(second: [Stmt]) -> [Stmt] { second }
    public static func buildArray(_ parts: [[Stmt]]) -> [Stmt] { parts.flatMap { $0 } }
}
