import Foundation

/// Checks, before any search runs, that a directory given on the command line can be written.
enum OutputDirectory {
    /// Throws a usage failure (exit 2) when `path` is empty, names a file, or lies under a
    /// missing or unwritable directory; a directory that does not exist yet is fine when its
    /// nearest existing ancestor is a writable directory.
    static func check(_ path: String, option: String) throws {
        guard !path.isEmpty else { throw Failure.usage("\(option) needs a directory, not an empty string") }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw Failure.usage("\(option) \(path): is a file, not a directory") }
            guard fm.isWritableFile(atPath: path) else { throw Failure.usage("\(option) \(path): directory is not writable") }
            return
        }
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !fm.fileExists(atPath: ancestor.path, isDirectory: &isDir) {
            let up = ancestor.deletingLastPathComponent()
            if up.path == ancestor.path { break }
            ancestor = up
        }
        guard isDir.boolValue else {
            throw Failure.usage("\(option) \(path): cannot create it, \(ancestor.path) is a file")
        }
        guard fm.isWritableFile(atPath: ancestor.path), !isPseudoFileSystem(ancestor.path) else {
            throw Failure.usage("\(option) \(path): cannot create it, \(ancestor.path) is not writable")
        }
    }

    /// /proc and /sys accept no new directories even for root, whatever access(2) says.
    static func isPseudoFileSystem(_ path: String) -> Bool {
        ["/proc", "/sys"].contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}
