/// Whether a variable is shared by all processes or private to each process instance.
public enum VarScope: String, Sendable {
    /// One copy, shared.
    case global
    /// One copy per process instance.
    case local
}

/// The initial value of a variable (of each element, for an array).
public enum InitialValue: Sendable {
    /// A given value: an integer, a Boolean, or an enumeration case name.
    case value(Expr)
    /// Given values, one per array element.
    case elements([Expr])
    /// Any value in `lo...hi`, chosen by the checker: a data choice of the scene.
    case any(lo: Int64, hi: Int64)
}

/// The declaration of a variable: name, type, array length, initial value, place in the source.
public struct VarDecl: Sendable {
    /// The variable's name, as traces and flags print it.
    public let name: String
    /// The element type.
    public let type: ValueType
    /// The array length, or nil for a scalar.
    public let count: Int?
    /// The initial value.
    public let initial: InitialValue
    /// Global or per process instance.
    public let scope: VarScope
    /// Where the declaration was written.
    public let location: SourceLocation
}

/// Declares a shared scalar variable; list the result in the protocol body to declare it.
public func Global(_ name: String, _ type: ValueType, initial: InitialValue = .value(0),
                   file: String = #fileID, line: Int = #line) -> Expr {
    .variable(VarDecl(name: name, type: type, count: nil, initial: initial, scope: .global,
                      location: SourceLocation(file: file, line: line)))
}

/// Declares a per-process-instance scalar variable; list the result in a process body.
public func Local(_ name: String, _ type: ValueType, initial: InitialValue = .value(0),
                  file: String = #fileID, line: Int = #line) -> Expr {
    .variable(VarDecl(name: name, type: type, count: nil, initial: initial, scope: .local,
                      location: SourceLocation(file: file, line: line)))
}

/// A fixed-size array variable; subscript it with any expression (the index may be symbolic).
public struct ArrayVar: Sendable {
    /// The declaration.
    public let decl: VarDecl

    /// The element at `index`; an index out of bounds is a violation of kind "out of bounds".
    public subscript(_ index: Expr) -> Expr { .element(decl, index) }
}

/// Declares a shared fixed-size array.
public func GlobalArray(_ name: String, _ type: ValueType, count: Int, initial: InitialValue = .value(0),
                        file: String = #fileID, line: Int = #line) -> ArrayVar {
    ArrayVar(decl: VarDecl(name: name, type: type, count: count, initial: initial, scope: .global,
                           location: SourceLocation(file: file, line: line)))
}

/// Declares a per-process-instance fixed-size array.
public func LocalArray(_ name: String, _ type: ValueType, count: Int, initial: InitialValue = .value(0),
                       file: String = #fileID, line: Int = #line) -> ArrayVar {
    ArrayVar(decl: VarDecl(name: name, type: type, count: count, initial: initial, scope: .local,
                           location: SourceLocation(file: file, line: line)))
}

/// The kind of a lock primitive.
public enum LockKind: String, Sendable {
    /// A mutex: exclusive only.
    case mutex
    /// A reader-writer lock: shared (read) or exclusive (write).
    case rwlock
}

/// How a lock is acquired.
public enum LockMode: String, Sendable {
    /// Shared (read) mode; blocked only by an exclusive holder.
    case shared
    /// Exclusive (write) mode; blocked by any holder.
    case exclusive
}

/// A declared lock; list it in the protocol body to declare it.
public struct LockRef: Sendable {
    /// The lock's name.
    public let name: String
    /// Mutex or reader-writer lock.
    public let kind: LockKind
    /// Where it was declared.
    public let location: SourceLocation
}

/// Declares a mutex.
public func Mutex(_ name: String, file: String = #fileID, line: Int = #line) -> LockRef {
    LockRef(name: name, kind: .mutex, location: SourceLocation(file: file, line: line))
}

/// Declares a reader-writer lock.
public func RWLock(_ name: String, file: String = #fileID, line: Int = #line) -> LockRef {
    LockRef(name: name, kind: .rwlock, location: SourceLocation(file: file, line: line))
}
