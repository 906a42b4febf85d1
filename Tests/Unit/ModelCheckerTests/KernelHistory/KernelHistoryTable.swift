import Foundation

/// The table of `docs/kernel-history.md`: one row per (release, model, preset), as written there.
struct KernelHistoryTable {
    /// One row, its cells with backticks removed.
    struct Row: Equatable {
        var release: String
        var model: String
        var preset: String
        var tdp: String
        var legacy: String
        var commits: String
        var reason: String

        /// The row identity: a preset appears once per release it stands for.
        var key: String { "\(release) | \(model) | \(preset)" }

        /// The row as a markdown line, models and presets in backticks.
        var markdown: String {
            let name: (String) -> String = { $0 == KernelHistoryTable.notModelled || $0 == "-" ? $0 : "`\($0)`" }
            return "| \(release) | \(name(model)) | \(name(preset)) | \(tdp) | \(legacy) | \(commits) | \(reason) |"
        }
    }

    /// The header line the table starts with.
    static let header = "| release | model | preset | TDP MMU (fault_lock=read) | legacy MMU (fault_lock=write) | commits | reason |"
    /// The preset cell of a release the models cannot express yet.
    static let notModelled = "not modelled yet"

    let rows: [Row]

    /// The path of `docs/kernel-history.md`, from this file's place in the repository.
    static var path: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // KernelHistory
            .deletingLastPathComponent()  // ModelCheckerTests
            .deletingLastPathComponent()  // Unit
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the repository
            .appendingPathComponent("docs/kernel-history.md")
    }

    /// Parses the table that follows `header`; a row with the wrong number of cells is an error.
    init(markdown: String) throws {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: Self.header) else {
            throw ParseError(message: "no table with the header `\(Self.header)`")
        }
        var rows: [Row] = []
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("|") else { break }
            var cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
            cells = Array(cells.dropFirst().dropLast())
            guard cells.count == 7 else {
                throw ParseError(message: "a row needs 7 cells, this has \(cells.count): \(line)")
            }
            rows.append(Row(release: cells[0], model: cells[1], preset: cells[2], tdp: cells[3], legacy: cells[4],
                            commits: cells[5], reason: cells[6]))
        }
        self.rows = rows
    }

    /// A table that cannot be read.
    struct ParseError: Error, CustomStringConvertible {
        let message: String
        var description: String { "docs/kernel-history.md: \(message)" }
    }
}
