// The differential campaign: explicit, BMC, prove and SPIN on random protocols of seeds
// FROM..<FROM+COUNT; prints the counts per engine pair and every disagreement.
// Usage: DifferentialBench [--from N] [--count N] [--jobs N] [--timeout S] [--no-spin] [--verbose]
// (--verbose: one line per protocol on stderr, with each engine's verdict and seconds;
// --show SEED: print that protocol and its Promela export).
import Dispatch
import Foundation
import ModelChecker
import ProtocolDSL
import RandomProtocols

var from = 0, count = 2000, jobs = 2, timeout = 60.0, useSpin = true, verbose = false
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    func value() -> String {
        guard let v = args.popFirst() else { FileHandle.standardError.write(Data("\(a) needs a value\n".utf8)); exit(2) }
        return v
    }
    switch a {
    case "--from": from = Int(value()) ?? -1
    case "--count": count = Int(value()) ?? -1
    case "--jobs": jobs = Int(value()) ?? -1
    case "--timeout": timeout = Double(value()) ?? -1
    case "--no-spin": useSpin = false
    case "--verbose": verbose = true
    case "--show":
        // Prints one protocol (as the IR printer shows it) and its Promela export, then stops.
        guard let seed = UInt64(value()), let program = try? RandomProtocol(seed: seed).program() else { exit(2) }
        print(ProgramPrinter(program).render())
        do { print(try PromelaExporter(program: program).render()) } catch { print("export refused: \(error)") }
        if case .violated(let traces)? = try? ExplicitChecker(program: program).check(CheckOptions(maxDepth: 400)) {
            let t = traces[0]
            print("/* explicit counterexample: data choices \(t.dataChoices)")
            for step in t.steps {
                print("   \(step.instanceName) \(step.label) \(step.choices): "
                      + step.changes.map { "\($0.variable) \($0.old) -> \($0.new)" }.joined(separator: ", "))
            }
            print("   \(t.violation.map { "\($0.kind.rawValue) \($0.name): \($0.message)" } ?? "") */")
        }
        exit(0)
    default: FileHandle.standardError.write(Data("unknown argument '\(a)'\n".utf8)); exit(2)
    }
}
guard from >= 0, count >= 1, jobs >= 1, timeout > 0 else {
    FileHandle.standardError.write(Data("--from, --count, --jobs and --timeout must be positive\n".utf8))
    exit(2)
}
let spin = useSpin ? SpinRunner() : nil
if useSpin && spin == nil { print("spin or gcc is not installed: SPIN skipped") }

/// Results by index, filled from several threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Differential.Result?]
    private var done = 0
    init(_ n: Int) { items = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ r: Differential.Result, verbose: Bool) {
        lock.lock()
        if verbose {
            let secs = r.seconds.map { String(format: "%.2f", $0) }.joined(separator: "/")
            FileHandle.standardError.write(Data(("seed \(r.seed): explicit \(r.explicit); bmc \(r.bmc); prove \(r.prove); "
                + "spin \(r.spin.map(\.description) ?? "skipped"); s \(secs)\n").utf8))
        }
        items[i] = r
        done += 1
        if done % 100 == 0 { FileHandle.standardError.write(Data("\(done) protocols checked\n".utf8)) }
        lock.unlock()
    }
    var all: [Differential.Result] { items.compactMap { $0 } }
}

let start = Date()
let results = Results(count)
let runner = Differential(spin: spin, timeout: timeout)
let (first, total, workers, loud) = (from, count, jobs, verbose)
DispatchQueue.concurrentPerform(iterations: workers) { job in
    var i = job
    while i < total {
        results.set(i, runner.run(RandomProtocol(seed: UInt64(first + i))), verbose: loud)
        i += workers
    }
}
let all = results.all
let elapsed = Date().timeIntervalSince(start)

func tally(_ key: (Differential.Result) -> Agreement) -> [Agreement: Int] {
    var t: [Agreement: Int] = [:]
    for r in all { t[key(r), default: 0] += 1 }
    return t
}
let pairs: [(String, (Differential.Result) -> Agreement)] = [
    ("explicit-bmc", { $0.explicitBMC }), ("explicit-prove", { $0.explicitProve }), ("explicit-spin", { $0.explicitSpin }),
]
let tooLarge = all.filter(\.tooLarge).count
let holds = all.filter { $0.explicit == .holds }.count
let violated = all.filter { if case .violated = $0.explicit { return true }; return false }.count
print("protocols generated: \(all.count) (seeds \(from)..<\(from + count)); explicit verdicts: "
      + "\(holds) hold, \(violated) violated, \(tooLarge) \(Differential.tooLarge) (over "
      + "\(Differential.stateLimit) states; not compared, counted as unknown), \(all.count - holds - violated - tooLarge) other")
print("")
print("| pair | agree | disagree | unknown | skipped |")
print("|---|---|---|---|---|")
for (name, key) in pairs {
    let t = tally(key)
    print("| \(name) | \(t[.agree] ?? 0) | \(t[.disagree] ?? 0) | \(t[.unknown] ?? 0) | \(t[.skipped] ?? 0) |")
}
var skipReasons: [String: Int] = [:]
for r in all { if let why = r.spinSkipped { skipReasons[why, default: 0] += 1 } }
if !skipReasons.isEmpty {
    print("")
    print("SPIN skipped: " + skipReasons.sorted { $0.key < $1.key }.map { "\($0.value) (\($0.key))" }.joined(separator: ", "))
}
let unknowns = all.compactMap { r -> String? in
    if r.tooLarge { return nil }
    for (name, v) in [("explicit", r.explicit), ("bmc", r.bmc), ("prove", r.prove), ("spin", r.spin ?? .holds)] {
        if case .unknown(let why) = v { return "seed \(r.seed): \(name) unknown: \(why)" }
    }
    return nil
}
if !unknowns.isEmpty {
    print("")
    print("unknowns (\(unknowns.count)):")
    for u in unknowns { print("  " + u) }
}
let disagreements = all.flatMap(\.disagreements)
print("")
print("disagreements: \(disagreements.count)")
for d in disagreements { print("  " + d) }
FileHandle.standardError.write(Data(String(format: "%.1f s\n", elapsed).utf8))
exit(disagreements.isEmpty ? 0 : 1)
