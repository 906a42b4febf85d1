/// One atomic, labelled step of a process.
public struct StepDecl: Sendable {
    /// The label, unique within the process kind (in one variant).
    public let label: String
    /// The step is enabled only while this holds (`await`).
    public let guardExpr: Expr?
    /// A lock the step acquires first; the step is blocked while the lock is unavailable.
    public let acquire: (lock: LockRef, mode: LockMode)?
    /// What the step does, atomically.
    public let body: [Stmt]
    /// Where the step was written.
    public let location: SourceLocation
}

/// A step: `Step("fault.map") { spte <- 1 }`, optionally guarded with `await:`.
public func Step(_ label: String, await guardExpr: Expr? = nil, file: String = #fileID, line: Int = #line,
                 @StmtBuilder _ body: () -> [Stmt] = { [] }) -> StepDecl {
    StepDecl(label: label, guardExpr: guardExpr, acquire: nil, body: body(),
             location: SourceLocation(file: file, line: line))
}

/// A lock-acquire step: blocked while `lock` is unavailable in `mode`, then acquires it and runs `body`.
public func Acquire(_ label: String, _ lock: LockRef, _ mode: LockMode = .exclusive, file: String = #fileID,
                    line: Int = #line, @StmtBuilder _ body: () -> [Stmt] = { [] }) -> StepDecl {
    StepDecl(label: label, guardExpr: nil, acquire: (lock, mode), body: body(),
             location: SourceLocation(file: file, line: line))
}
