import ProtocolDSL

/// A value in the Informal Trace Format (ITF) of Apalache and Quint, with its JSON text.
///
/// Integers within ±2^53 are JSON numbers; larger ones are `{"#bigint": "<decimal>"}` so that
/// readers using IEEE doubles lose nothing. Records print their keys sorted.
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
    /// A record: field name to value.
    case record([String: ITFValue])

    /// The largest magnitude written as a plain JSON number (2^53).
    public static let maxSafeInteger: UInt64 = 1 << 53

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

    /// The JSON text; `indent` is the current nesting depth of pretty printing.
    public func json(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
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
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.json(indent: indent + 1) }.joined(separator: ",\n") + "\n" + close + "]"
        case .record(let fields):
            if fields.isEmpty { return "{}" }
            let body = fields.keys.sorted().map { key in
                pad + Self.quoted(key) + ": " + fields[key]!.json(indent: indent + 1)
            }
            return "{\n" + body.joined(separator: ",\n") + "\n" + close + "}"
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
