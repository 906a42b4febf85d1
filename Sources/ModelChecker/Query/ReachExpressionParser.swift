import ProtocolDSL

/// A mistake in a query expression, with the 1-based column where it was found.
public struct ReachExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The column (1-based) of the offending character; one past the end for a missing token.
    public let column: Int
    /// What was expected or what is wrong.
    public let message: String

    /// Creates an error.
    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}

/// Parses a query expression into a DSL `Expr`, resolving names against an instantiated program.
///
/// Grammar (loosest first): `a || b`, `a && b`, comparisons `== != < <= > >=`, `a + b`, `a - b`,
/// prefix `!` and `-`, and operands: integer, `true`, `false`, an enumeration case (bare or
/// `"quoted"`), `( expr )`, a global `mmu_notifier_seq`, an array element `host_pfn[0]`, an
/// instance's local `vcpu[1].mmu_seq`, a location `vcpu[0]@fault.map` (about to execute that
/// step), `inhibit[0]@done` (terminated), and `KIND@label` (some instance of KIND is there).
public struct ReachExpressionParser {
    /// The program whose names the expression uses.
    public let program: Program

    /// Creates a parser for `program`'s names.
    public init(program: Program) { self.program = program }

    /// Parses `text`; throws `ReachExpressionError` with a column.
    public func parse(_ text: String) throws -> Expr {
        var state = ParserState(tokens: try ReachLexer.tokens(text), end: text.count + 1, program: program)
        guard !state.atEnd else { throw ReachExpressionError(column: 1, message: "expected an expression") }
        let e = try state.disjunction()
        if let t = state.peek {
            throw ReachExpressionError(column: t.column, message: "expected an operator or the end, found '\(t.text)'")
        }
        return e
    }
}

/// One token of a query expression.
struct ReachToken: Equatable {
    enum Kind: Equatable { case int, ident, string, symbol }
    let kind: Kind
    let text: String
    let column: Int
}

/// Splits a query expression into tokens.
enum ReachLexer {
    static let symbols = ["||", "&&", "==", "!=", "<=", ">=", "<", ">", "+", "-", "!", "(", ")", "[", "]", ".", "@"]

    static func tokens(_ text: String) throws -> [ReachToken] {
        let chars = Array(text)
        var out: [ReachToken] = []
        var i = 0
        func isIdent(_ c: Character, first: Bool) -> Bool {
            c == "_" || (c.isASCII && c.isLetter) || (!first && c.isASCII && c.isNumber)
        }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            let start = i
            if c.isASCII && c.isNumber {
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                out.append(ReachToken(kind: .int, text: String(chars[start..<i]), column: start + 1))
            } else if isIdent(c, first: true) {
                while i < chars.count, isIdent(chars[i], first: false) { i += 1 }
                out.append(ReachToken(kind: .ident, text: String(chars[start..<i]), column: start + 1))
            } else if c == "\"" || c == "'" {
                i += 1
                while i < chars.count, chars[i] != c { i += 1 }
                guard i < chars.count else {
                    throw ReachExpressionError(column: start + 1, message: "unterminated string (expected a closing \(c))")
                }
                out.append(ReachToken(kind: .string, text: String(chars[(start + 1)..<i]), column: start + 1))
                i += 1
            } else if let s = symbols.first(where: { sym in
                let n = sym.count
                return i + n <= chars.count && String(chars[i..<(i + n)]) == sym
            }) {
                out.append(ReachToken(kind: .symbol, text: s, column: start + 1))
                i += s.count
            } else {
                throw ReachExpressionError(column: start + 1, message: "unexpected character '\(c)'")
            }
        }
        return out
    }
}

/// The recursive-descent parser's position and name resolution.
struct ParserState {
    let tokens: [ReachToken]
    let end: Int
    let program: Program
    var pos = 0

    init(tokens: [ReachToken], end: Int, program: Program) {
        self.tokens = tokens
        self.end = end
        self.program = program
    }

    var atEnd: Bool { pos >= tokens.count }
    var peek: ReachToken? { atEnd ? nil : tokens[pos] }
    var column: Int { peek?.column ?? end }

    mutating func accept(_ symbol: String) -> Bool {
        guard let t = peek, t.kind == .symbol, t.text == symbol else { return false }
        pos += 1
        return true
    }

    mutating func expect(_ symbol: String, _ what: String) throws {
        guard accept(symbol) else { throw ReachExpressionError(column: column, message: "expected \(what)") }
    }

    mutating func disjunction() throws -> Expr {
        var e = try conjunction()
        while accept("||") { e = .binary(.or, e, try conjunction()) }
        return e
    }

    mutating func conjunction() throws -> Expr {
        var e = try comparison()
        while accept("&&") { e = .binary(.and, e, try comparison()) }
        return e
    }

    mutating func comparison() throws -> Expr {
        var e = try additive()
        let ops: [(String, BinaryOp)] = [("==", .eq), ("!=", .ne), ("<=", .le), (">=", .ge), ("<", .lt), (">", .gt)]
        while let (_, op) = ops.first(where: { peek?.kind == .symbol && peek?.text == $0.0 }) {
            pos += 1
            e = .binary(op, e, try additive())
        }
        return e
    }

    mutating func additive() throws -> Expr {
        var e = try unary()
        while true {
            if accept("+") { e = .binary(.add, e, try unary()) } else if accept("-") { e = .binary(.sub, e, try unary()) } else { return e }
        }
    }

    mutating func unary() throws -> Expr {
        if accept("!") { return .unary(.not, try unary()) }
        if accept("-") { return .unary(.negate, try unary()) }
        return try primary()
    }

    mutating func primary() throws -> Expr {
        guard let t = peek else { throw ReachExpressionError(column: end, message: "expected an operand") }
        switch t.kind {
        case .int:
            pos += 1
            guard let v = Int64(t.text) else {
                throw ReachExpressionError(column: t.column, message: "integer \(t.text) is too large")
            }
            return .int(v)
        case .string:
            pos += 1
            return .enumCase(t.text)
        case .symbol:
            if accept("(") {
                let e = try disjunction()
                try expect(")", "')' to close the '(' at column \(t.column)")
                return e
            }
            throw ReachExpressionError(column: t.column, message: "expected an operand, found '\(t.text)'")
        case .ident:
            pos += 1
            return try reference(t)
        }
    }

    // MARK: names

    func enumCases() -> Set<String> {
        var cases: Set<String> = []
        let vars = program.globals + program.kinds.flatMap(\.locals)
        for v in vars { if case .enumeration(let e) = v.type { cases.formUnion(e.cases) } }
        return cases
    }

    mutating func reference(_ t: ReachToken) throws -> Expr {
        let name = t.text
        if name == "true" { return .bool(true) }
        if name == "false" { return .bool(false) }
        if let k = program.kinds.firstIndex(where: { $0.name == name }) { return try processReference(k, t) }
        if program.globals.contains(where: { $0.name == name }) {
            if accept("[") {
                let index = try disjunction()
                try expect("]", "']' to close the index of '\(name)'")
                return .globalElement(named: name, index)
            }
            return .global(named: name)
        }
        if enumCases().contains(name) { return .enumCase(name) }
        let valid = program.globals.map(\.name) + program.kinds.map(\.name)
        throw ReachExpressionError(column: t.column, message: "unknown variable '\(name)'; valid: "
                                   + valid.joined(separator: ", "))
    }

    /// `kind[n]@label`, `kind[n]@done`, `kind[n].local`, `kind[n].local[i]`, `kind@label`.
    mutating func processReference(_ k: Int, _ t: ReachToken) throws -> Expr {
        let kind = program.kinds[k]
        var instance: Int?
        if accept("[") {
            guard let n = peek, n.kind == .int else {
                throw ReachExpressionError(column: column, message: "expected an instance number of '\(kind.name)'")
            }
            guard let v = Int(n.text), v < kind.instances else {
                throw ReachExpressionError(column: n.column, message: "unknown instance \(kind.name)[\(n.text)]; "
                                           + "'\(kind.name)' has \(kind.instances) instance(s): 0...\(kind.instances - 1)")
            }
            pos += 1
            try expect("]", "']' after the instance number")
            instance = v
        }
        if accept("@") {
            let labelColumn = column
            guard let label = dottedName() else {
                throw ReachExpressionError(column: labelColumn, message: "expected a label of '\(kind.name)' or 'done'")
            }
            let isDone = label == "done" && kind.step(labelled: "done") == nil
            guard isDone || kind.step(labelled: label) != nil else {
                throw ReachExpressionError(column: labelColumn, message: "unknown label '\(label)' of '\(kind.name)'; "
                                           + "valid: " + (kind.steps.map(\.label) + ["done"]).joined(separator: ", "))
            }
            func at(_ n: Int) -> Expr {
                isDone ? .finished(kind: kind.name, instance: n) : .at(kind: kind.name, instance: n, label: label)
            }
            if let n = instance { return at(n) }
            return (1..<kind.instances).reduce(at(0)) { .binary(.or, $0, at($1)) }
        }
        if accept(".") {
            guard let n = peek, n.kind == .ident else {
                throw ReachExpressionError(column: column, message: "expected a local variable of '\(kind.name)'")
            }
            guard kind.locals.contains(where: { $0.name == n.text }) else {
                throw ReachExpressionError(column: n.column, message: "unknown local '\(n.text)' of '\(kind.name)'; "
                                           + "valid: " + kind.locals.map(\.name).joined(separator: ", "))
            }
            pos += 1
            guard let inst = instance ?? (kind.instances == 1 ? 0 : nil) else {
                throw ReachExpressionError(column: t.column, message: "name an instance: \(kind.name)[0].\(n.text)")
            }
            var index: Expr?
            if accept("[") {
                index = try disjunction()
                try expect("]", "']' to close the index of '\(n.text)'")
            }
            return .localOf(kind: kind.name, instance: inst, name: n.text, index: index)
        }
        throw ReachExpressionError(column: column, message: "expected '@label' or '.local' after '\(kind.name)"
                                   + (instance.map { "[\($0)]" } ?? "") + "'")
    }

    /// A label: identifiers joined by dots (`fault.map`).
    mutating func dottedName() -> String? {
        guard let first = peek, first.kind == .ident else { return nil }
        pos += 1
        var name = first.text
        while pos + 1 < tokens.count, tokens[pos].kind == .symbol, tokens[pos].text == ".", tokens[pos + 1].kind == .ident,
              tokens[pos + 1].column == tokens[pos].column + 1, tokens[pos].column == first.column + name.count {
            name += "." + tokens[pos + 1].text
            pos += 2
        }
        return name
    }
}
