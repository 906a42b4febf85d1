import ArgumentParser
import ModelChecker

// The engine and format options parse straight into these types: their help, their
// validation and the list of valid values in an error come from the types' cases.

extension Engine: ExpressibleByArgument {}
extension ProofEngine: ExpressibleByArgument {}

/// `check --format`.
enum CheckFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, itf, svg
}

/// `query --format`.
enum QueryFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}

/// `export --format`.
enum ExportFormat: String, CaseIterable, ExpressibleByArgument {
    case smt2, promela
}

/// `sweep --format`.
enum SweepFormat: String, CaseIterable, ExpressibleByArgument {
    case text, jsonl
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// `a, b, c`: the values, for help texts.
    static var valueList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

extension Engine {
    /// One line per engine for help: `bmc (Z3 bounded model checking), ...`.
    static var helpList: String { allCases.map { "\($0) (\($0.summary))" }.joined(separator: ", ") }
}
