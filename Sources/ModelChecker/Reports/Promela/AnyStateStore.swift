import ProtocolDSL

/// The flow-insensitive store of the static analysis: one set of values per variable, for
/// every instance and element, that only grows.
struct AnyStateStore: ValueStore, Equatable {
    var values: [ProgramVariable: ValueBounds]

    func read(_ variable: ProgramVariable, instance: Int, element: ValueBounds?) -> ValueBounds { values[variable]! }

    mutating func write(_ variable: ProgramVariable, instance: Int, element: ValueBounds?, _ v: ValueBounds) {
        values[variable] = values[variable]!.joined(v)
    }

    func pcIs(_ instance: Int, _ step: Int) -> ValueBounds { .boolean }

    func joined(_ other: AnyStateStore) -> AnyStateStore {
        AnyStateStore(values: values.merging(other.values) { $0.joined($1) })
    }
}
