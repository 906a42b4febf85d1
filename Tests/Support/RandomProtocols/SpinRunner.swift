import Foundation

/// Runs SPIN on a Promela text: `spin -a`, `gcc -DSAFETY`, `./pan`, in a directory of its own.
public struct SpinRunner: Sendable {
    /// The path of `spin`.
    public let spin: String
    /// The path of `gcc`.
    public let gcc: String

    /// Finds spin and gcc on PATH; nil when either is missing.
    public init?() {
        func which(_ tool: String) -> String? {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
                let path = "\(dir)/\(tool)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
            return nil
        }
        guard let s = which("spin"), let g = which("gcc") else { return nil }
        spin = s
        gcc = g
    }

    /// The seconds pan may run, and the megabytes it may use (`-DMEMLIM`), before it is undecided.
    public static let panSeconds = 30.0
    public static let panMegabytes = 1024

    /// Runs `tool` with `args` in `dir`; returns the exit status and stdout and stderr together.
    /// After `timeout` seconds the process is terminated (status 15).
    func run(_ tool: String, _ args: [String], in dir: URL, timeout: Double = 300) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let watchdog = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// SPIN's verdict on `promela`'s safety checks: holds when pan reports no error over the
    /// whole state space (assertions, invalid end states; its `ltl` claims are left out).
    /// The work happens in a fresh directory named after `name`, removed afterwards.
    public func check(promela: String, name: String) throws -> Verdict {
        try verify(promela, name: name, gcc: ["-DSAFETY", "-DNOCLAIM"], pan: [])
    }

    /// SPIN's verdict on each `ltl` property in `properties` of `promela`, in order: `pan -a -N
    /// property`, with `-f` (weak fairness) when `weakFairness`; assertions and invalid end states
    /// are not reported (`-A -E`): only an acceptance cycle, a fair execution that violates the
    /// formula. `noReduce`: compiled without partial-order reduction (a claim that reads `enabled`
    /// or `_last`). `spin -a` and gcc run once for all of them (they take most of the time).
    public func checkLiveness(promela: String, name: String, properties: [String], weakFairness: Bool,
                              noReduce: Bool) throws -> [Verdict] {
        try verify(promela, name: name, gcc: noReduce ? ["-DNOREDUCE"] : [],
                   pans: properties.map { ["-a"] + (weakFairness ? ["-f"] : []) + ["-A", "-E", "-N", $0] })
    }

    func verify(_ promela: String, name: String, gcc gccFlags: [String], pan panFlags: [String]) throws -> Verdict {
        try verify(promela, name: name, gcc: gccFlags, pans: [panFlags])[0]
    }

    /// Compiles `promela` once and runs pan with each of `pans`, one verdict per run.
    func verify(_ promela: String, name: String, gcc gccFlags: [String], pans: [[String]]) throws -> [Verdict] {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("mmuspec-spin-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try promela.write(to: dir.appendingPathComponent("m.pml"), atomically: true, encoding: .utf8)
        let (spinStatus, spinOut) = try run(spin, ["-a", "m.pml"], in: dir)
        guard spinStatus == 0 else { return pans.map { _ in .failed("spin -a: \(spinOut.prefix(300))") } }
        // -O0: the state spaces are tiny, compiling dominates.
        let (gccStatus, gccOut) = try run(gcc, ["-O0"] + gccFlags + ["-DMEMLIM=\(Self.panMegabytes)", "-w", "-o", "pan",
                                                                     "pan.c"], in: dir)
        guard gccStatus == 0 else { return pans.map { _ in .failed("gcc: \(gccOut.prefix(300))") } }
        return try pans.map { panFlags in
            let (panStatus, pan) = try run(dir.appendingPathComponent("pan").path, panFlags + ["-m100000"], in: dir,
                                           timeout: Self.panSeconds)
            if panStatus == 15 { return .unknown("pan: over \(Int(Self.panSeconds)) s") }
            if pan.contains("max search depth too small") { return .unknown("pan: max search depth too small") }
            if pan.contains("out of memory") || pan.contains("MEMLIM") {
                return .unknown("pan: over \(Self.panMegabytes) MB")
            }
            if pan.contains("errors: 0") { return .holds }
            if pan.range(of: "errors: [1-9]", options: .regularExpression) != nil { return .violated(steps: nil) }
            return .failed("pan: \(pan.prefix(300))")
        }
    }
}
