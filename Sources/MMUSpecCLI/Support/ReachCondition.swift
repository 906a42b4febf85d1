import ModelChecker
import ProtocolDSL

/// Turns a `--reach` expression into a typed reachability query, with one-line errors.
enum ReachCondition {
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
            throw Failure.usage("--reach '\(text)' column \(e.column): \(e.message) (here: \(marked(text, e.column)))")
        }
        do {
            let (program, condition) = try model.instantiate(configuration, typing: expr, as: "the expression")
            return ReachabilityQuery(program: program, condition: condition)
        } catch let e as ModelError {
            throw Failure.usage("--reach '\(text)': \(e.kind.rawValue): \(e.message)")
        }
    }

    /// `text` with a `^` inserted before 1-based `column`.
    static func marked(_ text: String, _ column: Int) -> String {
        let chars = Array(text)
        let at = min(max(column - 1, 0), chars.count)
        return String(chars[..<at]) + "^" + String(chars[at...])
    }
}
