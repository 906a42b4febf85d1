/// An export that cannot be written faithfully or within its limits, and says why in one line.
///
/// The CLI reports it as bad input (exit 2): the user asked for something the target
/// language or the size limit cannot hold, and can change the request.
public struct ExportRefusal: Error, Equatable, CustomStringConvertible {
    /// The line: what is refused, why, and what to change.
    public let message: String

    /// Creates a refusal.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
