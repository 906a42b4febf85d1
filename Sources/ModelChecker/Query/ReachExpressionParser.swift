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
/// Nesting is limited to `maxNesting` levels; a constant index outside its array is an error
/// (a computed one is judged per state by `ReachabilityQuery`).
public struct ReachExpressionParser {
    /// The deepest nesting accepted (operators, parentheses and indices on one path): a deeper
    /// expression is refused with an error rather than overflowing the stack of the parser, the
    /// typing or an engine.
    public static let maxNesting = 256

    /// The program whose names the expression uses.
    public let program: Program

    /// Creates a parser for `program`'s names.
    public init(program: Program) { self.program = program }

    /// Parses `text`; throws `ReachExpressionError` with a column.
    public func parse(_ text: String) throws -> Expr {
        var state = ParserState(tokens: try ReachLexer.tokens(text), end: text.count + 1, program: program)
        guard !state.atEnd else { throw ReachExpressionError(column: 1, message: "expected an expression") }
        do {
            let e = try state.disjunction()
            if let t = state.peek {
                throw ReachExpressionError(column: t.column, message: "expected an operator or the end, found '\(t.text)'")
            }
            return e.expr
        } catch let u as ParserState.UnknownName {
            throw u.error
        }
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
///
/// Nesting is bounded (`ReachExpressionParser.maxNesting`): the parser, the typing, and every
/// evaluator and encoder of the result recurse over the expression's depth, so a deeper one is
/// refused here, before any of them runs, instead of overflowing the stack.
struct ParserState {
    let tokens: [ReachToken]
    let end: Int
    let program: Program
    var pos = 0
    /// How many parentheses, prefix operators and indices enclose the current position.
    var level = 0

    init(tokens: [ReachToken], end: Int, program: Program) {
        self.tokens = tokens
        self.end = end
        self.program = program
    }

    /// A parsed expression and its depth (operators on its longest path from the root).
    struct Node {
        let expr: Expr
        let depth: Int
    }

    /// An unknown bare name, kept while it may still be an enumeration case of the other operand.
    struct UnknownName: Error {
        let token: ReachToken
        let error: ReachExpressionError
    }

    static let comparisons: [(String, BinaryOp)] = [("==", .eq), ("!=", .ne), ("<=", .le), (">=", .ge),
                                                     ("<", .lt), (">", .gt)]

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

    var tooDeep: String {
        "the expression nests deeper than \(ReachExpressionParser.maxNesting) levels (operators, parentheses, indices)"
    }

    /// Runs `body` one nesting level deeper; throws at `column` past the limit.
    mutating func nested<T>(at column: Int, _ body: (inout ParserState) throws -> T) throws -> T {
        guard level < ReachExpressionParser.maxNesting else {
            throw ReachExpressionError(column: column, message: tooDeep)
        }
        level += 1
        defer { level -= 1 }
        return try body(&self)
    }

    /// A node one level above its operands; throws at `column` past the limit.
    func node(_ e: Expr, over operands: Node..., at column: Int) throws -> Node {
        let depth = (operands.map(\.depth).max() ?? 0) + 1
        guard depth <= ReachExpressionParser.maxNesting else {
            throw ReachExpressionError(column: column, message: tooDeep)
        }
        return Node(expr: e, depth: depth)
    }

    mutating func disjunction() throws -> Node {
        var e = try conjunction()
        while let t = peek, accept("||") {
            let r = try conjunction()
            e = try node(.binary(.or, e.expr, r.expr), over: e, r, at: t.column)
        }
        return e
    }

    mutating func conjunction() throws -> Node {
        var e = try comparison()
        while let t = peek, accept("&&") {
            let r = try comparison()
            e = try node(.binary(.and, e.expr, r.expr), over: e, r, at: t.column)
        }
        return e
    }

    mutating func comparison() throws -> Node {
        var (e, unknown) = try comparisonOperand()
        while let t = peek, t.kind == .symbol, let op = Self.comparisons.first(where: { $0.0 == t.text })?.1 {
            pos += 1
            let r: Node, rightUnknown: UnknownName?
            do {
                (r, rightUnknown) = try comparisonOperand()
            } catch {
                // Report the leftmost mistake first.
                if let unknown { throw unknown.error }
                throw error
            }
            try resolve(unknown, against: r.expr)
            try resolve(rightUnknown, against: e.expr)
            unknown = nil
            e = try node(.binary(op, e.expr, r.expr), over: e, r, at: t.column)
        }
        if let unknown { throw unknown.error }
        return e
    }

    /// An operand of a comparison; a bare unknown name that ends the operand is returned as a
    /// case name, with its error, for `resolve` to judge once the other operand is known.
    mutating func comparisonOperand() throws -> (Node, UnknownName?) {
        let start = pos
        do {
            return (try additive(), nil)
        } catch let u as UnknownName {
            let ends = peek.map { t in t.kind == .symbol && (["&&", "||", ")", "]"] + Self.comparisons.map(\.0)).contains(t.text) }
            guard pos == start + 1, ends ?? true else { throw u }
            return (Node(expr: .enumCase(u.token.text), depth: 0), u)
        }
    }

    /// Throws `unknown`'s error, naming the enumeration's cases when `other` is of an enumeration type.
    func resolve(_ unknown: UnknownName?, against other: Expr) throws {
        guard let unknown else { return }
        guard let (what, et) = enumeration(of: other) else { throw unknown.error }
        throw ReachExpressionError(column: unknown.token.column, message: "'\(unknown.token.text)' is not a case of "
                                   + "\(et.name) (the type of \(what)); valid: " + et.cases.joined(separator: ", "))
    }

    /// The enumeration type of a variable reference, with the reference as written.
    func enumeration(of e: Expr) -> (String, EnumType)? {
        let v: Variable?
        switch e {
        case .variable(let d), .element(let d, _): v = program.globals.first { $0.name == d.name }
        case .localOf(let kind, _, let name, _):
            v = program.kinds.first { $0.name == kind }?.locals.first { $0.name == name }
        default: v = nil
        }
        guard case .enumeration(let et)? = v?.type else { return nil }
        return (e.rendered, et)
    }

    mutating func additive() throws -> Node {
        var e = try unary()
        while let t = peek {
            let op: BinaryOp
            if accept("+") { op = .add } else if accept("-") { op = .sub } else { break }
            let r = try unary()
            e = try node(.binary(op, e.expr, r.expr), over: e, r, at: t.column)
        }
        return e
    }

    mutating func unary() throws -> Node {
        guard let t = peek else { return try primary() }
        let op: UnaryOp
        if accept("!") { op = .not } else if accept("-") { op = .negate } else { return try primary() }
        let a = try nested(at: t.column) { try $0.unary() }
        return try node(.unary(op, a.expr), over: a, at: t.column)
    }

    mutating func primary() throws -> Node {
        guard let t = peek else { throw ReachExpressionError(column: end, message: "expected an operand") }
        switch t.kind {
        case .int:
            pos += 1
            guard let v = Int64(t.text) else {
                throw ReachExpressionError(column: t.column, message: "integer \(t.text) is too large")
            }
            return Node(expr: .int(v), depth: 0)
        case .string:
            pos += 1
            return Node(expr: .enumCase(t.text), depth: 0)
        case .symbol:
            if accept("(") {
                let e = try nested(at: t.column) { try $0.disjunction() }
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

    /// `[index]` after an array's name; a constant index outside `0..<count` is an error.
    mutating func index(of array: String, count: Int?) throws -> Node {
        let open = peek?.column ?? end
        let indexColumn = tokens.indices.contains(pos + 1) ? tokens[pos + 1].column : end
        pos += 1
        let index = try nested(at: open) { try $0.disjunction() }
        try expect("]", "']' to close the index of '\(array)'")
        if let count, let v = Self.constant(index.expr), v < 0 || v >= count {
            throw ReachExpressionError(column: indexColumn, message: "index \(v) is outside the bounds of "
                                       + "\(array), 0...\(count - 1)")
        }
        return index
    }

    /// The value of an index made of integer literals, `+`, `-` (wrapping as the `i64` it is typed as).
    static func constant(_ e: Expr) -> Int64? {
        switch e {
        case .int(let v): return v
        case .unary(.negate, let a): return constant(a).map { 0 &- $0 }
        case .binary(.add, let a, let b): return constant(a).flatMap { x in constant(b).map { x &+ $0 } }
        case .binary(.sub, let a, let b): return constant(a).flatMap { x in constant(b).map { x &- $0 } }
        default: return nil
        }
    }

    mutating func reference(_ t: ReachToken) throws -> Node {
        let name = t.text
        if name == "true" { return Node(expr: .bool(true), depth: 0) }
        if name == "false" { return Node(expr: .bool(false), depth: 0) }
        if let k = program.kinds.firstIndex(where: { $0.name == name }) { return try processReference(k, t) }
        if let g = program.globals.first(where: { $0.name == name }) {
            if peek?.kind == .symbol && peek?.text == "[" {
                let i = try index(of: name, count: g.count)
                return try node(.globalElement(named: name, i.expr), over: i, at: t.column)
            }
            return Node(expr: .global(named: name), depth: 0)
        }
        if enumCases().contains(name) { return Node(expr: .enumCase(name), depth: 0) }
        let valid = program.globals.map(\.name) + program.kinds.map(\.name)
        throw UnknownName(token: t, error: ReachExpressionError(column: t.column, message: "unknown variable '\(name)'; "
                                                                + "valid: " + valid.joined(separator: ", ")))
    }

    /// `kind[n]@label`, `kind[n]@done`, `kind[n].local`, `kind[n].local[i]`, `kind@label`.
    mutating func processReference(_ k: Int, _ t: ReachToken) throws -> Node {
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
            if let n = instance { return Node(expr: at(n), depth: 0) }
            guard kind.instances > 0 else {
                throw ReachExpressionError(column: t.column, message: "'\(kind.name)' has no instances")
            }
            var some = Node(expr: at(0), depth: 0)
            for n in 1..<kind.instances {
                some = try node(.binary(.or, some.expr, at(n)), over: some, at: t.column)
            }
            return some
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
            let written = "\(kind.name)[\(inst)].\(n.text)"
            guard peek?.kind == .symbol && peek?.text == "[" else {
                return Node(expr: .localOf(kind: kind.name, instance: inst, name: n.text, index: nil), depth: 0)
            }
            let local = kind.locals.first { $0.name == n.text }
            let i = try index(of: written, count: local?.count)
            return try node(.localOf(kind: kind.name, instance: inst, name: n.text, index: i.expr), over: i, at: t.column)
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
