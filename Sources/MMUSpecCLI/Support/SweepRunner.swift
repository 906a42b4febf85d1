import Foundation
import Synchronization

/// Runs command lines of this executable as child processes, at most `jobs` at a time, and
/// returns each one's exit status and output in the order given (whatever order they end in).
enum SweepRunner {
    /// What one child printed.
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// This executable: the children run the same `mmuspec` (or a package's own).
    static var executable: URL {
        let linux = URL(fileURLWithPath: "/proc/self/exe")
        if FileManager.default.fileExists(atPath: linux.path) { return linux.resolvingSymlinksInPath() }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? "mmuspec")
    }

    static func run(_ commands: [[String]], jobs: Int, progress: (@Sendable (_ done: Int) -> Void)? = nil) -> [Result] {
        run(count: commands.count, jobs: jobs, progress: progress) { commands[$0] }
    }

    /// Runs `count` children, at most `jobs` at a time; `command(i)` gives child `i`'s arguments
    /// when it starts (so they may depend on the time left, as `explain --timeout` does).
    static func run(count: Int, jobs: Int, progress: (@Sendable (_ done: Int) -> Void)? = nil,
                    command: @Sendable (Int) -> [String]) -> [Result] {
        let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let exe = executable
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                let r = runOne(exe, command(i))
                results.withLock { $0[i] = r }
                progress?(done.wrappingAdd(1, ordering: .relaxed).newValue)
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    static func runOne(_ exe: URL, _ arguments: [String]) -> Result {
        let p = Process()
        p.executableURL = exe
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch {
            return Result(status: 3, stdout: "", stderr: "cannot run \(exe.path): \(error.localizedDescription)")
        }
        // A child's stderr is a few lines (an error line, a note per engine handover; progress
        // goes to a terminal only), far below a pipe's buffer, so reading stdout to its end
        // first cannot leave the child blocked on a full stderr pipe.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }
}
