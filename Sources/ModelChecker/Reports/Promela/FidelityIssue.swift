/// Why a part of the model cannot be written in Promela with the same meaning.
struct FidelityIssue: Equatable, Sendable {
    /// The variable concerned (or the place, when no variable is).
    let subject: String
    /// What goes wrong, ending in where.
    let reason: String

    var line: String { "\(subject) \(reason)" }
}
