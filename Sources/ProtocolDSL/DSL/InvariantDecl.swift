/// A reference to one process instance, handed to quantified invariants.
public struct InstanceRef: Sendable {
    /// The process kind.
    public let kind: String
    /// The instance index.
    public let index: Int

    /// A local scalar of this instance.
    public func local(_ name: String) -> Expr { .localOf(kind: kind, instance: index, name: name, index: nil) }
    /// An element of a local array of this instance.
    public func local(_ name: String, _ element: Expr) -> Expr {
        .localOf(kind: kind, instance: index, name: name, index: element)
    }
    /// True while this instance is about to execute the step labelled `label`.
    public func at(_ label: String) -> Expr { .at(kind: kind, instance: index, label: label) }
    /// True once this instance has terminated.
    public var finished: Expr { .finished(kind: kind, instance: index) }
}

/// A named safety invariant, checked in every reachable state.
public struct InvariantDecl: Sendable {
    /// The name (`apic_unmapped_after_inhibit`).
    public let name: String
    /// Process kinds the invariant is quantified over (each instance, or each pair of distinct instances).
    public let quantified: [String]
    /// Builds the invariant's body for a choice of instances.
    public let body: @Sendable ([InstanceRef]) -> Expr
    /// Where it was written.
    public let location: SourceLocation
}

/// An invariant over globals: `Invariant("name") { inhibitDone ==> !spte }`.
public func Invariant(_ name: String, file: String = #fileID, line: Int = #line,
                      _ body: @escaping @Sendable () -> Expr) -> InvariantDecl {
    InvariantDecl(name: name, quantified: [], body: { _ in body() }, location: SourceLocation(file: file, line: line))
}

/// An invariant that must hold for every instance of `kind`.
public func Invariant(_ name: String, forAll kind: String, file: String = #fileID, line: Int = #line,
                      _ body: @escaping @Sendable (InstanceRef) -> Expr) -> InvariantDecl {
    InvariantDecl(name: name, quantified: [kind], body: { body($0[0]) }, location: SourceLocation(file: file, line: line))
}

/// An invariant that must hold for every pair of distinct instances of `kind`.
public func Invariant(_ name: String, forAllPairs kind: String, file: String = #fileID, line: Int = #line,
                      _ body: @escaping @Sendable (InstanceRef, InstanceRef) -> Expr) -> InvariantDecl {
    InvariantDecl(name: name, quantified: [kind, kind], body: { body($0[0], $0[1]) },
                  location: SourceLocation(file: file, line: line))
}
