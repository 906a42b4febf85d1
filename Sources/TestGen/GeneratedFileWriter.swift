import Foundation

/// Writes generated files into a directory and removes the generated files they replace.
///
/// Only files that start with the generated marker are ever removed; hand-written files in the
/// directory are left alone. Files whose text is unchanged are not rewritten.
public struct GeneratedFileWriter: Sendable {
    /// Which stale generated files a write replaces.
    public enum Scope: Sendable, Equatable {
        /// Every generated file in the directory (`emit-tests --all`).
        case all
        /// The generated files of one model (`emit-tests MODEL`).
        case model(String)
        /// The generated files of one model and preset (`emit-tests MODEL --variant V`).
        case preset(model: String, preset: String)
    }

    /// The directory.
    public let directory: URL

    /// Creates a writer for `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Writes `files`, then removes the generated files in `scope` that are not among them.
    /// Returns the names of removed files, sorted.
    @discardableResult
    public func write(_ files: [GeneratedFile], scope: Scope) throws -> [String] {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TestGenError.io(path: directory.path, reason: "cannot create directory: \(error.localizedDescription)")
        }
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            if let old = try? String(contentsOf: url, encoding: .utf8), old == file.contents { continue }
            do {
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            } catch {
                throw TestGenError.io(path: url.path, reason: "cannot write: \(error.localizedDescription)")
            }
        }
        let keep = Set(files.map(\.name))
        var removed: [String] = []
        for name in try existingGeneratedFiles() where !keep.contains(name) && inScope(name, scope) {
            let url = directory.appendingPathComponent(name)
            do {
                try fm.removeItem(at: url)
            } catch {
                throw TestGenError.io(path: url.path, reason: "cannot remove: \(error.localizedDescription)")
            }
            removed.append(name)
        }
        return removed
    }

    /// The generated `.swift` files in the directory (by content marker), sorted by name.
    public func existingGeneratedFiles() throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter { name in
            guard name.hasSuffix(".swift"),
                  let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            else { return false }
            return GeneratedFile.isGenerated(text)
        }.sorted()
    }

    func inScope(_ name: String, _ scope: Scope) -> Bool {
        switch scope {
        case .all:
            return true
        case .model(let model):
            return name.hasPrefix("\(SwiftIdentifier.upperCamel(model))_")
        case .preset(let model, let preset):
            let prefix = "\(SwiftIdentifier.upperCamel(model))_\(SwiftIdentifier.upperCamel(preset))_CE"
            return name.hasPrefix(prefix)
        }
    }
}
