// Prints, for every preset of every model, the verdict, the depth and the time of a check,
// with each engine, measured in one run. Usage: swift run -c release CheckBench [--bmc-limit S]
//
// Whole-process time of `mmuspec check` is this time plus process start-up (about 20 ms).
import Foundation
import ModelChecker
import Models
import ProtocolDSL

var bmcLimit = 60.0
if let i = CommandLine.arguments.firstIndex(of: "--bmc-limit"), i + 1 < CommandLine.arguments.count,
   let v = Double(CommandLine.arguments[i + 1]) {
    bmcLimit = v
}

func describe(_ o: CheckOutcome) -> (String, String) {
    switch o {
    case .violated(let t): return ("violated", "\(t[0].steps.count)")
    case .holds(let d, let c): return (c ? "holds" : "holds<=\(d)", "\(d)")
    case .proved(let p): return ("proved (\(p))", "-")
    case .unknown(let r, let d): return ("unknown (\(r))", "\(d)")
    }
}

func timed(_ body: () throws -> CheckOutcome) -> (CheckOutcome?, Double) {
    let start = Date()
    let o = try? body()
    return (o, Date().timeIntervalSince(start))
}

print("| model | preset | expected | auto verdict | depth | auto s | bmc verdict | bmc s | explicit s |")
print("|---|---|---|---|---|---|---|---|---|")
for model in ModelCatalog.all {
    for preset in model.presets {
        let program = try model.instantiate(try model.configuration(preset: preset.name))
        let (auto, ta) = timed { try Engine.auto.check(program, CheckOptions(maxDepth: 60)).0 }
        let (bmc, tb) = timed { try BoundedChecker(program: program).check(CheckOptions(maxDepth: 60, timeout: bmcLimit)) }
        let (_, te) = timed { try ExplicitChecker(program: program).check(CheckOptions(maxDepth: 60)) }
        let (av, ad) = auto.map(describe) ?? ("error", "-")
        let (bv, _) = bmc.map(describe) ?? ("error", "-")
        print("| \(model.name) | \(preset.name) | \(preset.expected.rawValue) | \(av) | \(ad) | "
              + String(format: "%.3f", ta) + " | \(bv) | " + String(format: "%.2f", tb) + " | "
              + String(format: "%.3f", te) + " |")
    }
}
