import ProtocolDSL

/// The invariant clause a trace's last state makes false, in the model's terms, with the
/// values it reads there: what a reader needs to see why the property fails without arithmetic.
public struct FalseClause: Sendable, Equatable {
    /// The invariant's name.
    public let invariant: String
    /// The quantifier instantiation (`vcpu[1]`), empty for an unquantified invariant.
    public let instantiation: String
    /// The clause, printed as the model writes it.
    public let expression: String
    /// The values it reads in the last state, in slot order.
    public let values: [SlotValue]

    /// The first false clause of the last state of `trace`, or nil when no invariant is false there.
    public init?(_ trace: Trace) {
        guard let last = trace.states.last else { return nil }
        let layout = trace.layout
        let interpreter = Interpreter(layout: layout)
        for inv in layout.program.invariants {
            for c in inv.clauses {
                var err: ErrorCode?
                guard interpreter.eval(c.condition, last, nil, &err) == 0 else { continue }
                invariant = inv.name
                instantiation = c.instantiation
                expression = ProgramPrinter(layout.program).render(c.condition, kind: nil)
                values = ExpressionReads(layout: layout).slots(c.condition, executing: nil)
                    .map { SlotValue(slot: $0, value: last[$0]) }
                return
            }
        }
        return nil
    }
}
