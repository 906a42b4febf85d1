import ModelChecker
import ProtocolDSL
import SMT

/// An error the CLI reports as one line on stderr with a given exit status.
struct Failure: Error, CustomStringConvertible {
    /// The line.
    let message: String
    /// The exit status: 2 bad input, 3 unknown or internal.
    let status: Int32

    var description: String { message }

    /// Bad input or usage (exit 2).
    static func usage(_ message: String) -> Failure { Failure(message: message, status: 2) }

    /// Maps an error from the libraries to the CLI's contract.
    static func from(_ error: Error) -> Failure {
        switch error {
        case let f as Failure: return f
        case let e as ModelError: return .usage(e.description)
        case let e as ExportRefusal: return .usage(e.description)
        case let e as SMTError: return Failure(message: e.description, status: 3)
        case let e as CheckerInconsistency: return Failure(message: e.description, status: 3)
        default: return Failure(message: "\(error)", status: 3)
        }
    }
}
