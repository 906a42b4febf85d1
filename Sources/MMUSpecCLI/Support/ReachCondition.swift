import ModelChecker
import ProtocolDSL

/// Turns a `--reach` expression into a typed reachability query, with one-line errors.
enum ReachCondition {
    /// How much of the expression an error line quotes, on each side of the column it marks.
    static let quoted = 40

    /// Parses `text` against the selected model and types it; errors are `Failure.usage` lines
    /// naming the column and what was expected.
    static func query(_ text: String, _ selection: ModelSelection) throws -> ReachabilityQuery {
        let model = try selection.protocolModel()
        let configuration = try selection.configuration(of: model)
        let names = try model.instantiate(configuration)
        let expr: Expr
        do {
            expr = try ReachExpressionParser(program: names).parse(text)
        } catch let e as ReachExpressionError {
            throw Failure.usage("--reach '\(cut(text))' column \(e.column): \(e.message) (here: \(marked(text, e.column)))")
        }
        do {
            let (program, condition) = try model.instantiate(configuration, typing: expr, as: "the expression")
            return ReachabilityQuery(program: program, condition: condition)
        } catch let e as ModelError {
            throw Failure.usage("--reach '\(cut(text))': \(e.kind.rawValue): \(e.message)")
        }
    }

    /// `text` with a `^` inserted before 1-based `column`, cut to `quoted` characters on each side.
    static func marked(_ text: String, _ column: Int) -> String {
        let chars = Array(text)
        let at = min(max(column - 1, 0), chars.count)
        let from = max(0, at - quoted), to = min(chars.count, at + quoted)
        return (from > 0 ? "..." : "") + String(chars[from..<at]) + "^" + String(chars[at..<to])
            + (to < chars.count ? "..." : "")
    }

    /// `text`, or its first `2 * quoted` characters and a count of the rest.
    static func cut(_ text: String) -> String {
        guard text.count > 2 * quoted else { return text }
        return String(text.prefix(2 * quoted)) + "... (\(text.count) characters)"
    }
}
