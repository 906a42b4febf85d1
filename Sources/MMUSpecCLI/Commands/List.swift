import ArgumentParser

/// `mmuspec list`: the models, their flags, parameters and presets, each preset with the kernel it stands for.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the models with their flags, parameters and variants.",
        discussion: "Example:\n  mmuspec list"
    )

    func run() throws {
        for m in CurrentCatalog.catalog.models {
            print("\(m.name): \(m.summary)")
            print("  flags:")
            for f in m.flags {
                print("    \(f.name) (\(f.values.joined(separator: "|")), default \(f.defaultValue)): \(f.help)")
            }
            print("  parameters:")
            for p in m.parameters {
                print("    \(p.name) (\(p.range.lowerBound)...\(p.range.upperBound), default \(p.defaultValue)): \(p.help)")
            }
            print("  variants:")
            for p in m.presets {
                print("    \(p.name) [\(p.expected.rawValue)]: \(p.summary)")
                if let kernel = p.kernel { print("      kernel: \(kernel.description)") }
            }
        }
    }
}
