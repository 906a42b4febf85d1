import ArgumentParser
import Foundation
import ModelChecker
import ProtocolDSL

/// `mmuspec explain`: which ingredients of a variant that holds are necessary.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Flip each flag of a variant that holds, one at a time, and report which flips break it.",
        discussion: """
        For every flag (and every other value of an enumeration flag) the flipped variant is \
        checked like `check` does. A flip that breaks the invariant is printed with its shortest \
        counterexample's length and its interleaving (runs of steps per instance); a flip after \
        which the variant still holds does not matter on its own. --per FLAG prints one table for \
        each value of FLAG (FLAG itself is not flipped), e.g. the TDP MMU (fault_lock=read) and \
        the legacy MMU (fault_lock=write); a value whose base is violated gets one line saying so. \
        A flag is necessary only when no other value keeps the property. Exits 0; 2 when the base \
        variant does not hold (with --per: for no value); 3 when a base check is undecided (timeout, \
        memory budget).

        Example:
          mmuspec explain apic-access-zap --variant upstream
          mmuspec explain apic-access-zap --variant upstream --per fault_lock
        """
    )

    @OptionGroup var selection: ModelSelection

    @Option(help: ArgumentHelp("Print one table per value of this flag, which is then not flipped.", valueName: "FLAG"))
    var per: String?

    @OptionGroup var search: SearchOptions

    func validate() throws {
    }

    func run() throws {
        let limits = search.limits, depth = search.depth
        let deadline = limits.deadline()
        let model = try wrap { try selection.protocolModel() }
        let base = try wrap { try selection.configuration(of: model) }
        let pairs = base.flags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            + base.parameters.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) }
        var groups: [(title: String, overrides: [(String, String)], fixed: Set<String>)] = []
        let given = try wrap { try selection.overridePairs(of: model) }
        let name = (selection.variant ?? "the default variant")
            + (given.isEmpty ? "" : " with " + given.map { "\($0.0)=\($0.1)" }.joined(separator: ", "))
        if let per {
            guard let flag = model.flags.first(where: { $0.name == per }) else {
                throw Failure.usage("--per: model '\(model.name)' has no flag '\(per)'; valid: "
                                    + model.flags.map(\.name).joined(separator: ", "))
            }
            for v in flag.values {
                groups.append(("\(name)\(given.isEmpty ? " with" : ",") \(per)=\(v)", pairs + [(per, v)], [per]))
            }
        } else {
            groups.append((name, pairs, []))
        }
        let chosen = search.engine
        var lines = TextOutput.header(try wrap { try model.instantiate(base) })
        var tables = 0
        for g in groups {
            let flips = FlagFlips(model: model, preset: selection.variant, overrides: g.overrides)
            let outcome = try wrap {
                let options = CheckOptions(maxDepth: depth, timeout: Limits.left(deadline).map { max($0, 0.001) },
                                           memoryLimit: limits.memory, notice: Limits.notice,
                                           symmetry: !search.noSymmetry, model: model)
                let (o, _) = try chosen.check(try flips.baseProgram(), options, progress: Progress.handler("explain base"))
                return o
            }
            switch outcome {
            case .violated(let traces):
                Progress.finish()
                // With --per, the other values' tables are still worth printing; say which base is broken.
                guard groups.count > 1 else {
                    throw Failure.usage("explain needs a variant that holds, but \(g.title) is violated in "
                                        + "\(traces[0].steps.count) steps (see mmuspec check)")
                }
                lines.append("")
                lines.append("flips of \(g.title): not made, the base itself is VIOLATED in \(traces[0].steps.count) "
                             + "steps (see mmuspec check): " + traces[0].interleavingSummary)
                continue
            case .unknown(let reason, let d):
                Progress.finish()
                throw Failure(message: "the check of \(g.title) gave up at depth \(d) (\(reason))", status: 3)
            case .holds, .proved: break
            }
            let result = try wrap {
                try flips.flips(except: g.fixed, engine: chosen, maxDepth: depth,
                                timeout: Limits.left(deadline).map { max($0, 0.001) }, memoryLimit: limits.memory,
                                notice: Limits.notice, symmetry: !search.noSymmetry,
                                progress: { Progress.handler("explain \($0)") })
            }
            lines.append("")
            lines += ExplainOutput.table(title: "flips of \(g.title), one flag at a time:", base: outcome, flips: result)
            tables += 1
        }
        Progress.finish()
        guard tables > 0 else {
            throw Failure.usage("explain needs a variant that holds, but the base is violated for every value of --per \(per ?? "")")
        }
        print(lines.joined(separator: "\n"))
    }

    /// Runs `body`, mapping library errors to the CLI's one-line failures.
    func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            Progress.finish()
            throw Failure.from(error)
        }
    }
}
