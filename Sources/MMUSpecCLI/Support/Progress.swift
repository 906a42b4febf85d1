import Foundation
import ModelChecker

/// Progress on stderr, only when stderr is a terminal (a line rewritten in place).
enum Progress {
    /// A handler for long runs, or nil when stderr is not a terminal.
    static func handler(_ what: String) -> ProgressHandler? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return { depth, elapsed in
            let line = String(format: "\r%@: depth %d done, %.1f s", what, depth, elapsed)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// A handler for a proof's phases (`exploring ...`, `k = 5`), or nil when stderr is not a terminal.
    static func phases(_ what: String) -> ProofProgress? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return { phase, elapsed in
            let line = String(format: "\r\u{1B}[K%@: %@ (%.1f s)", what, phase, elapsed)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Whether stderr is a terminal (progress is drawn only then).
    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Draws `text` as the progress line (call only when `isTerminal`).
    static func line(_ text: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    /// Clears the progress line, if one was drawn.
    static func finish() {
        guard isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
