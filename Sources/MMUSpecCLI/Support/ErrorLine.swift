/// Makes the one stderr line of a failure readable whatever the user typed.
enum ErrorLine {
    /// The longest run of non-space characters kept whole; longer runs (a 5,000-character
    /// model name) keep their start and say how long they were.
    static let longestWord = 120

    /// `message` as one line: control characters escaped, overlong words cut.
    static func render(_ message: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            if word.count > longestWord {
                out += word.prefix(longestWord - 20) + "…(\(word.count) characters)"
            } else {
                out += word
            }
            word = ""
        }
        for ch in message {
            if ch == " " {
                flush()
                out.append(ch)
            } else if ch.isNewline {
                word += "\\n"
            } else if ch.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
                word += ch.unicodeScalars.map { "\\u{\(String($0.value, radix: 16))}" }.joined()
            } else {
                word.append(ch)
            }
        }
        flush()
        return out
    }
}
