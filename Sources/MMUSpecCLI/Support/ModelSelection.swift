import ArgumentParser
import ProtocolDSL

/// The options that pick a model, its variant and overrides, shared by the subcommands.
struct ModelSelection: ParsableArguments {
    @Argument(help: "The model's name (see `mmuspec list`).")
    var model: String

    @Option(name: .long, help: "A preset of flag values (see `mmuspec list`).")
    var variant: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a flag or parameter: NAME=VALUE (repeatable).",
                                                         valueName: "NAME=VALUE"))
    var overrides: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Number of vCPU instances (the model's `vcpus` parameter).")
    var vcpus: Int?

    @Option(name: .long, parsing: .unconditional,
            help: "Number of host invalidations (the model's `invalidators` parameter).")
    var invalidators: Int?

    /// The model named on the command line.
    func protocolModel() throws -> ProtocolModel {
        try CurrentCatalog.catalog.model(named: model)
    }

    /// The validated configuration.
    func configuration(of m: ProtocolModel) throws -> Configuration {
        try m.configuration(preset: variant, overrides: try overridePairs(of: m))
    }

    /// What the command line changes on top of the preset, in order: every `--set`, then
    /// `--vcpus` and `--invalidators`. A name given twice is a usage failure.
    func overridePairs(of m: ProtocolModel) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        for o in overrides {
            let parts = o.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Failure.usage("malformed --set '\(o)': expected NAME=VALUE, e.g. --set zap_lock=read")
            }
            pairs.append((parts[0], parts[1]))
        }
        var givenBy: [String: String] = [:]
        for (name, value) in pairs {
            if let earlier = givenBy[name] {
                throw Failure.usage("\(earlier) and --set \(name)=\(value) both set '\(name)'; give it once")
            }
            givenBy[name] = "--set \(name)=\(value)"
        }
        for (name, value) in [("vcpus", vcpus), ("invalidators", invalidators)] {
            guard let n = value else { continue }
            guard m.parameters.contains(where: { $0.name == name }) else {
                throw Failure.usage("model '\(m.name)' has no \(name) parameter")
            }
            if let earlier = givenBy[name] {
                throw Failure.usage("--\(name) \(n) and \(earlier) both set '\(name)'; give it once")
            }
            pairs.append((name, String(n)))
        }
        return pairs
    }

    /// The instantiated program.
    func program() throws -> Program {
        let m = try protocolModel()
        return try m.instantiate(try configuration(of: m))
    }
}
