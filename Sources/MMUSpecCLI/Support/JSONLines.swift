import Foundation

/// JSON Lines, one object a line with sorted keys: what `sweep` and `explain` print with
/// `--format jsonl` and what their `--merge` reads back.
enum JSONLines {
    /// Prints each item on its own line.
    static func print<T: Encodable>(_ items: [T]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for item in items { Swift.print(String(decoding: try encoder.encode(item), as: UTF8.self)) }
    }

    /// The records of `file` with their 1-based line numbers; a line that does not decode, or
    /// that `valid` refuses, is a usage failure naming `schema`.
    static func read<T: Decodable>(_ file: String, schema: String, valid: (T) -> Bool) throws -> [(line: Int, record: T)] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw Failure.usage("--merge: cannot read \(file)")
        }
        var records: [(line: Int, record: T)] = []
        for (n, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
            guard let r = try? JSONDecoder().decode(T.self, from: Data(line.utf8)), valid(r) else {
                throw Failure.usage("--merge: \(file) line \(n + 1) is not an \(schema) record")
            }
            records.append((n + 1, r))
        }
        return records
    }
}
