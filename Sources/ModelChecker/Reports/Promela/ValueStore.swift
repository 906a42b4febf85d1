import ProtocolDSL

/// Where the fidelity check reads and writes the values of variables.
protocol ValueStore {
    /// The values of `variable` (of flat instance `instance`, for a local), element `element` for arrays.
    func read(_ variable: ProgramVariable, instance: Int, element: ValueBounds?) -> ValueBounds
    /// Records that `variable` may now hold `values`.
    mutating func write(_ variable: ProgramVariable, instance: Int, element: ValueBounds?, _ values: ValueBounds)
    /// Whether flat instance `instance` is at step `step`.
    func pcIs(_ instance: Int, _ step: Int) -> ValueBounds
    /// The store after one of two branches ran: `self` after one, `other` after the other.
    func joined(_ other: Self) -> Self
}
