import ProtocolDSL

/// The typed states of a trace, with the interpreter that types them.
///
/// A `Trace` carries its states; this view checks that they belong to `program` (the ITF and
/// SVG exports are given both) and hands them out with an interpreter for rendering.
public struct TraceStates: Sendable {
    /// The interpreter the states belong to (its layout types every slot).
    public let interpreter: Interpreter
    /// The states: the initial one, then one after each step (`steps.count + 1` in all).
    public let states: [[UInt64]]

    /// The states of `trace`; throws `CheckerInconsistency` when the trace is not an execution
    /// of `program` (another model, or the schedule does not replay to the same states).
    public init(program: Program, trace: Trace) throws {
        let interp = Interpreter(layout: StateLayout(program))
        guard trace.model == program.modelName, trace.layout.count == interp.layout.count,
              let replayed = try? interp.trace(of: trace.run), replayed.states == trace.states else {
            throw CheckerInconsistency(message: "the trace is not an execution of \(program.modelName) as given")
        }
        interpreter = interp
        states = trace.states
    }
}
