/// Spelling of generated Swift names and literals.
enum SwiftIdentifier {
    /// `zap-read-lock-bump` -> `ZapReadLockBump`; every run of non-alphanumerics separates words.
    static func upperCamel(_ name: String) -> String {
        name.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// A Swift string literal (quotes included) for `text`.
    static func literal(_ text: String) -> String {
        var out = "\""
        for ch in text.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 { out += "\\u{\(String(ch.value, radix: 16))}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}
