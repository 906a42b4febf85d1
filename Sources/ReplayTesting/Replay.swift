import Interleaving

/// Replays counterexamples on a `ReplayTarget` and says, as a list of failures, whether the
/// real implementation did what the model did.
///
/// A generated witness test asserts that `Replay.witness(ce, on: target)` returns no failure; a
/// regression test does the same with `Replay.regression`. Each failure is one line; a schedule
/// the implementation does not follow fails naming the first divergent step (1-based), the label
/// the model expected and the label the implementation was at.
public enum Replay {
    /// Runs `schedule` on a fresh run of `target` for `configuration`, evaluating the property
    /// after every step.
    public static func run(_ target: any ReplayTarget, _ configuration: ReplayConfiguration,
                           schedule: [ScheduleStep], watchdogSeconds: Double = 3) throws -> ReplayOutcome {
        let run = try target.prepare(configuration)
        var violations: [(step: Int, message: String)] = []
        var damage: Bool?
        let scheduler = Scheduler(points: run.points, watchdogSeconds: watchdogSeconds)
        let result = scheduler.run(threads: run.threads, schedule: schedule) { executed in
            if let message = run.violation() { violations.append((executed.index + 1, message)) }
            if executed.requested && executed.index == schedule.count - 1 { damage = run.damage.holds() }
        }
        return ReplayOutcome(result: result, violations: violations, damageAfterLastStep: damage,
                             damageMeaning: run.damage.meaning)
    }

    /// The witness on the counterexample's own preset: the implementation takes the model's
    /// steps in the model's order, the property holds on the real state until the last step and
    /// fails after it, and the target's damage fact holds there; for a deadlock, no thread can
    /// move after the last step though some have not finished. Empty when all of that is true.
    public static func witness(_ ce: ReplayCounterexample, on target: any ReplayTarget,
                               watchdogSeconds: Double = 3) throws -> [String] {
        let outcome = try run(target, ce.configuration, schedule: ce.schedule, watchdogSeconds: watchdogSeconds)
        var failures = followed(ce.schedule, outcome.result)
        let r = outcome.result
        if ce.kind == .deadlock {
            if !r.deadlocked || r.observed.count != ce.schedule.count {
                failures.append("after step \(ce.violatingStep) no thread may move, but "
                                + (r.deadlocked ? "\(r.observed.count - ce.schedule.count) more steps ran first"
                                                : "the run went on to the end"))
            }
            if let v = outcome.violations.first {
                failures.append("\(v.message) after step \(v.step), before the deadlock")
            }
            return failures
        }
        let first = outcome.violations.first
        if first?.step != ce.violatingStep {
            failures.append("\(ce.property) must hold before step \(ce.violatingStep) and fail after it; "
                            + (first.map { "it failed after step \($0.step): \($0.message)" } ?? "it never failed"))
        }
        if outcome.damageAfterLastStep != true {
            failures.append("after step \(ce.violatingStep): expected \(outcome.damageMeaning)")
        }
        return failures
    }

    /// Whether the implementation took exactly the model's steps of `schedule`: the first
    /// divergence (named by step, expected and observed label), a watchdog, steps that did not
    /// run, or a step the implementation took differently; empty when it followed them all.
    static func followed(_ schedule: [ScheduleStep], _ r: ReplayResult) -> [String] {
        var failures: [String] = []
        if let d = r.divergence { failures.append(d.message) }
        if let w = r.watchdogMessage { failures.append(w) }
        if r.divergence == nil, r.requestedStepsRun != schedule.count {
            failures.append("only \(r.requestedStepsRun) of the model's \(schedule.count) steps ran")
        }
        let observed = Array(r.observed.prefix(schedule.count))
        if r.divergence == nil, observed != schedule, let k = observed.indices.first(where: { observed[$0] != schedule[$0] }) {
            failures.append("step \(k + 1): the model takes \(schedule[k]), the implementation took \(observed[k])")
        }
        return failures
    }

    /// The regression on the fixed variant: the same schedule, followed as far as it can be
    /// (blocked steps and retries are resolved by the scheduler's deterministic completion),
    /// runs to completion with no deadlock and the property true after every step.
    public static func regression(_ ce: ReplayCounterexample, on target: any ReplayTarget,
                                  watchdogSeconds: Double = 3) throws -> [String] {
        let outcome = try run(target, ce.fixedConfiguration, schedule: ce.schedule, watchdogSeconds: watchdogSeconds)
        var failures: [String] = []
        let r = outcome.result
        if let w = r.watchdogMessage { failures.append(w) }
        if r.deadlocked { failures.append(r.failureMessage ?? "deadlock") }
        if !r.allThreadsEnded { failures.append("every thread must finish; unfinished: \(r.unfinished)") }
        for v in outcome.violations {
            failures.append("on \(ce.fixedPreset), \(ce.property) failed after step \(v.step): \(v.message)")
        }
        return failures
    }
}
