import FuzzSupport
import MMUSpecCLI
import Models

/// Fuzz target: a command line run through the CLI's command tree, in process, to its exit status.
///
/// The input's lines (UTF-8, split at `\n`) are the arguments after `mmuspec`. A finding is a
/// trap, a stack overflow, or an exit status outside the contract (0 holds or reachable,
/// 1 violated or unreachable, 2 bad input, 3 unknown). To keep every run on the tiny model
/// and short, an input is skipped when it names another model of the catalog, uses
/// `emit-tests` (which writes files) or `sweep` (which runs this executable again), or asks BMC for more than 12 steps (60 steps of BMC on
/// `seqlock` take 40 s); `check`, `query`, `explain` and `export` without a `--depth` get
/// `--depth 6` (their default of 60 has the same cost).
enum CLITarget {
    static let otherModels = Set(ModelCatalog.all.map(\.name)).subtracting(["seqlock"])
    static let deepest = 12

    /// The argument vector to run, or nil to skip the input.
    static func arguments(_ bytes: [UInt8]) -> [String]? {
        var args = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if args.last == "" { args.removeLast() }
        // sweep runs its jobs as child processes of this executable: the fuzzer itself.
        if args.contains(where: { otherModels.contains($0) || $0 == "emit-tests" || $0 == "sweep" }) { return nil }
        let depths = depthValues(args)
        if args.contains(where: { $0.contains("bmc") }), depths.contains(where: { $0 > deepest && $0 <= 1000 }) {
            return nil
        }
        if let verb = args.first, ["check", "query", "explain", "export"].contains(verb), depths.isEmpty,
           !args.contains(where: { $0.hasPrefix("--depth") }) {
            args += ["--depth", "6"]
        }
        // A run without a time limit may take as long as its engine needs (k-induction on
        // seqlock, up to k = 50, runs past libFuzzer's 120 s): give it one, as a user would.
        if let verb = args.first, ["check", "prove", "query", "explain"].contains(verb),
           !args.contains(where: { $0.hasPrefix("--timeout") }) {
            args += ["--timeout", "10"]
        }
        return args
    }

    /// The integers given to `--depth` (as `--depth N` or `--depth=N`).
    static func depthValues(_ args: [String]) -> [Int] {
        var values: [Int] = []
        for (i, a) in args.enumerated() {
            if a == "--depth", i + 1 < args.count, let v = Int(args[i + 1]) { values.append(v) }
            if a.hasPrefix("--depth="), let v = Int(a.dropFirst("--depth=".count)) { values.append(v) }
        }
        return values
    }

    static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let args = arguments(FuzzDriver.bytes(data, size)) else { return -1 }
        let status = MMUSpec.exitStatus(running: args, catalog: ModelCatalog.catalog)
        guard (0...3).contains(status) else {
            FuzzDriver.finding("exit status \(status) for \(args)")
        }
        return 0
    }
}

#if FUZZING
/// libFuzzer's test function, for its own main.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCLITestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    CLITarget.test(data, size)
}
#endif

@main
enum FuzzCLI {
    static func main() {
        FuzzDriver.run { CLITarget.test($0, $1) }
    }
}
