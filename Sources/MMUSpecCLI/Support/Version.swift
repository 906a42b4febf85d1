import SMT

/// The tool's version, printed by `mmuspec --version` with the Z3 library it runs on.
enum Version {
    /// The release number of MMUSpec.
    static let number = "0.9.0"

    /// `mmuspec --version`'s line.
    static var line: String { "mmuspec \(number) (Z3 \(Z3Context.version))" }
}
