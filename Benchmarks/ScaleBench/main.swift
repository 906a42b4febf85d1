// Explicit-engine throughput on one configuration: every reachable state explored, without and
// with the symmetry reduction, and without it with hash compaction (64-bit signatures). Prints
// one line per search:
//   plain|symmetric|compacted STATES SECONDS STATES_PER_S BYTES_PER_STATE
// Usage: swift run -c release ScaleBench MODEL PRESET VCPUS [MEMORY_MB] [SEARCHES]
// SEARCHES: a comma-separated subset of plain,symmetric,compacted (default: plain,symmetric).
// Benchmarks/scale.sh runs it beside SPIN on the same Promela export.
import Foundation
import ModelChecker
import Models
import ProtocolDSL

let args = CommandLine.arguments
guard args.count >= 4, let vcpus = Int(args[3]) else {
    FileHandle.standardError.write(Data("usage: ScaleBench MODEL PRESET VCPUS [MEMORY_MB] [SEARCHES]\n".utf8))
    exit(2)
}
let memory = args.count > 4 ? Int(args[4]).map { MemoryBudget(megabytes: $0) } ?? .standard : .standard
let searches = Set((args.count > 5 ? args[5] : "plain,symmetric").split(separator: ",").map(String.init))
do {
    let model = try ModelCatalog.model(named: args[1])
    let program = try model.instantiate(try model.configuration(preset: args[2], overrides: [("vcpus", String(vcpus))]))
    for (name, symmetric, bits) in [("plain", false, nil), ("symmetric", true, nil), ("compacted", false, 64)]
    where searches.contains(name) {
        do {
            let e = try ExplicitChecker(program: program).explore(memoryLimit: memory, symmetry: symmetric,
                                                                   signatureBits: bits)
            let rate = Double(e.states) / max(e.seconds, 1e-6)
            print("\(name) \(e.states) " + String(format: "%.2f %.0f %.1f", e.seconds, rate,
                                                   Double(e.bytes) / Double(max(e.states, 1))))
        } catch let e as ExplicitChecker.Abandoned {
            print("\(name) - - - - (\(e.reason))")
        }
    }
} catch {
    FileHandle.standardError.write(Data("ScaleBench: \(error)\n".utf8))
    exit(2)
}
