import ProtocolDSL

/// Instantiates a model with fewer members of its process families, by lowering the parameter
/// that sets each family's instance count (found by trying: the parameter whose decrement
/// removes exactly one instance of exactly one kind).
struct InstanceScaler: Sendable {
    let model: ProtocolModel
    let configuration: Configuration

    /// The parameter that sets the instance count of each kind it controls, by kind name.
    func countParameters() -> [String: String] {
        guard let base = try? model.instantiate(configuration) else { return [:] }
        var out: [String: String] = [:]
        for p in model.parameters {
            guard let value = configuration.parameters[p.name], value - 1 >= p.range.lowerBound else { continue }
            var params = configuration.parameters
            params[p.name] = value - 1
            let lowered = Configuration(flags: configuration.flags, parameters: params, preset: configuration.preset)
            guard let smaller = try? model.instantiate(lowered) else { continue }
            let changed = zip(base.kinds, smaller.kinds).filter { $0.instances != $1.instances }
            if changed.count == 1, changed[0].0.instances == changed[0].1.instances + 1 {
                out[changed[0].0.name] = p.name
            }
        }
        return out
    }

    /// The model with each family capped at `cap` members (other parameters unchanged), or nil
    /// when no parameter lowers a family that has more.
    func capped(at cap: Int, families: [String]) throws -> Program? {
        try capped(at: Dictionary(uniqueKeysWithValues: families.map { ($0, cap) }))
    }

    /// The model with each named family capped at its own number of members.
    func capped(at caps: [String: Int]) throws -> Program? {
        let params = countParameters()
        var values = configuration.parameters
        var lowered = false
        for (kind, cap) in caps.sorted(by: { $0.key < $1.key }) {
            guard let p = params[kind], let v = values[p], v > cap else { continue }
            values[p] = cap
            lowered = true
        }
        guard lowered else { return nil }
        return try model.instantiate(Configuration(flags: configuration.flags, parameters: values,
                                                   preset: configuration.preset))
    }
}
