/// A protocol model: its flags, parameters and presets, and a body built for given values.
///
/// ```swift
/// ProtocolModel("my-lock", summary: "...", flags: [...], parameters: [...], presets: [...]) { cfg in
///     let taken = Global("taken", .bool)
///     taken
///     Process("thread", instances: cfg.param("threads")) { ... }
///     Invariant("mutual_exclusion") { ... }
/// }
/// ```
public struct ProtocolModel: Sendable {
    /// The model's name, as the CLI spells it.
    public let name: String
    /// One line: what the model is about.
    public let summary: String
    /// The flags that select variants.
    public let flags: [FlagDecl]
    /// The integer parameters.
    public let parameters: [ParameterDecl]
    /// The named presets.
    public let presets: [Preset]
    /// Builds the body for a configuration.
    public let body: @Sendable (ModelContext) -> [ProtocolItem]

    /// Creates a model.
    public init(_ name: String, summary: String, flags: [FlagDecl] = [], parameters: [ParameterDecl] = [],
                presets: [Preset] = [], @ProtocolBuilder body: @escaping @Sendable (ModelContext) -> [ProtocolItem]) {
        self.name = name
        self.summary = summary
        self.flags = flags
        self.parameters = parameters
        self.presets = presets
        self.body = body
    }

    /// The default configuration overlaid with `preset` (if given) and then `overrides`, validated.
    ///
    /// `overrides` are `(name, value)` pairs for flags or parameters, in order (`--set`).
    public func configuration(preset: String? = nil, overrides: [(String, String)] = []) throws -> Configuration {
        // A name declared twice is a mistake of the model (and would trap in `uniqueKeysWithValues`).
        var seen: Set<String> = []
        for n in flags.map(\.name) + parameters.map(\.name) where !seen.insert(n).inserted {
            throw ModelError(.duplicateName, "model '\(name)' declares flag or parameter '\(n)' twice")
        }
        var flagValues = Dictionary(uniqueKeysWithValues: flags.map { ($0.name, $0.defaultValue) })
        var paramValues = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.defaultValue) })
        var pairs: [(String, String)] = []
        if let p = preset {
            guard let found = presets.first(where: { $0.name == p }) else {
                throw ModelError(.unknownPreset, "model '\(name)' has no variant '\(p)'; valid: "
                                 + presets.map(\.name).joined(separator: ", "))
            }
            pairs += found.values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        pairs += overrides
        for (key, value) in pairs {
            if let f = flags.first(where: { $0.name == key }) {
                guard f.values.contains(value) else {
                    throw ModelError(.flagValue, "flag '\(key)' of '\(name)' cannot be '\(value)'; valid: "
                                     + f.values.joined(separator: ", "))
                }
                flagValues[key] = value
            } else if let p = parameters.first(where: { $0.name == key }) {
                guard let n = Int(value), p.range.contains(n) else {
                    throw ModelError(.parameterValue, "parameter '\(key)' of '\(name)' must be an integer in "
                                     + "\(p.range.lowerBound)...\(p.range.upperBound), not '\(value)'")
                }
                paramValues[key] = n
            } else {
                let valid = (flags.map(\.name) + parameters.map(\.name)).joined(separator: ", ")
                throw ModelError(.unknownFlag, "model '\(name)' has no flag or parameter '\(key)'; valid: \(valid)")
            }
        }
        return Configuration(flags: flagValues, parameters: paramValues, preset: preset)
    }

    /// Builds, validates and types the model for `configuration`.
    public func instantiate(_ configuration: Configuration) throws -> Program {
        let ctx = ModelContext(configuration: configuration)
        let items = body(ctx)
        if let problem = ctx.problems.first {
            throw ModelError(problem.kind, "model '\(name)': \(problem.message)")
        }
        var elaborator = Elaborator(modelName: name, configuration: configuration)
        return try elaborator.elaborate(items)
    }
}

extension ProtocolModel {
    /// The labels of each process kind's steps, over every preset (the default configuration
    /// when there is none), each in first-seen order: the schedule points an implementation of
    /// that kind must call.
    public func labelsByKind() throws -> [String: [String]] {
        var labels: [String: [String]] = [:]
        let configurations = presets.isEmpty ? [try configuration()] : try presets.map { try configuration(preset: $0.name) }
        for c in configurations {
            for kind in try instantiate(c).kinds {
                for label in kind.steps.map(\.label) where !(labels[kind.name]?.contains(label) ?? false) {
                    labels[kind.name, default: []].append(label)
                }
            }
        }
        return labels
    }

    /// The preset a regression replay runs on: `preferred` when given, else the first preset
    /// expected to hold (nil when there is none).
    public func fixedPreset(preferred: String? = nil) -> Preset? {
        if let preferred { return presets.first { $0.name == preferred } }
        return presets.first { $0.expected == .holds }
    }
}
