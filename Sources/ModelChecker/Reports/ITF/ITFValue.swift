import ProtocolDSL

/// A value in the Informal Trace Format (ITF) of Apalache and Quint, with its JSON text.
///
/// Integers of magnitude below 2^53 (JavaScript's safe integers) are JSON numbers; the others
/// are `{"#bigint": "<decimal>"}` so that readers using IEEE doubles lose nothing. Records print
/// their keys sorted; a record's keys must be identifiers (ITF readers turn them into fields),
/// so anything keyed by other strings is a `map` (`{"#map": [[key, value], ...]}`).
public indirect enum ITFValue: Sendable, Equatable {
    /// A Boolean.
    case bool(Bool)
    /// An integer (written as a number or a `#bigint` object by magnitude).
    case int(Int64)
    /// An unsigned integer (values above `Int64.max` are only representable this way).
    case uint(UInt64)
    /// A string (enumeration cases, labels).
    case string(String)
    /// A list (arrays of the model).
    case list([ITFValue])
    /// A record: field name (an identifier) to value.
    case record([String: ITFValue])
    /// A map (ADR-015's `#map`): its entries, in the order given.
    case map([Entry])

    /// One key-value pair of a `map`.
    public struct Entry: Sendable, Equatable {
        /// The key.
        public let key: ITFValue
        /// The value.
        public let value: ITFValue

        /// Creates an entry.
        public init(_ key: ITFValue, _ value: ITFValue) {
            self.key = key
            self.value = value
        }
    }

    /// The largest magnitude written as a plain JSON number (2^53 - 1, JavaScript's
    /// `Number.MAX_SAFE_INTEGER`); 2^53 and beyond are `#bigint`.
    public static let maxSafeInteger: UInt64 = (1 << 53) - 1

    /// The value of a slot's bit pattern of type `type`.
    public init(bits: UInt64, type: ValueType) {
        switch type {
        case .bool:
            self = .bool(bits & 1 != 0)
        case .int(let width, let signed):
            let masked = width >= 64 ? bits : bits & ((1 << UInt64(width)) - 1)
            if signed {
                let shift = UInt64(64 - width)
                self = .int(Int64(bitPattern: masked << shift) >> Int64(shift))
            } else {
                self = .uint(masked)
            }
        case .enumeration:
            self = .string(type.render(bits))
        }
    }

    /// The JSON text, pretty-printed; `indent` is the current nesting depth.
    public func json(indent: Int = 0) -> String { json(layout: .pretty(indent)) }

    /// The JSON text on one line (for JSON Lines: one document per line).
    public func compactJSON() -> String { json(layout: .compact) }

    /// Where the JSON text breaks lines.
    enum Layout {
        /// One item per line, at this nesting depth.
        case pretty(Int)
        /// No line breaks.
        case compact

        var nested: Layout {
            if case .pretty(let n) = self { return .pretty(n + 1) }
            return .compact
        }

        /// The text of a list or object from its items' texts.
        func wrap(_ open: String, _ items: [String], _ close: String) -> String {
            if items.isEmpty { return open + close }
            switch self {
            case .compact: return open + items.joined(separator: ",") + close
            case .pretty(let n):
                let pad = String(repeating: "  ", count: n + 1)
                return open + "\n" + items.map { pad + $0 }.joined(separator: ",\n") + "\n"
                    + String(repeating: "  ", count: n) + close
            }
        }
    }

    func json(layout: Layout) -> String {
        switch self {
        case .bool(let b):
            return b ? "true" : "false"
        case .int(let n):
            return n.magnitude <= Self.maxSafeInteger ? String(n) : Self.bigint(String(n))
        case .uint(let n):
            return n <= Self.maxSafeInteger ? String(n) : Self.bigint(String(n))
        case .string(let s):
            return Self.quoted(s)
        case .list(let items):
            return layout.wrap("[", items.map { $0.json(layout: layout.nested) }, "]")
        case .record(let fields):
            let body = fields.keys.sorted().map { key in
                Self.quoted(key) + ": " + fields[key]!.json(layout: layout.nested)
            }
            return layout.wrap("{", body, "}")
        case .map(let entries):
            let pairs = entries.map { ITFValue.list([$0.key, $0.value]) }
            return ITFValue.record(["#map": .list(pairs)]).json(layout: layout)
        }
    }

    static func bigint(_ decimal: String) -> String { "{ \"#bigint\": \"\(decimal)\" }" }

    /// A JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 {
                    let hex = String(ch.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }
}
