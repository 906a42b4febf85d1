import Interleaving

extension Replay {
    /// The lasso witness on the lasso's own preset: the implementation takes the stem's steps and
    /// then the loop's, `repetitions` times, label by label (no completion after them: the
    /// threads stay where the loop leaves them); at each return to the loop's start the real
    /// state (the target's `observe` snapshot, plus where every thread is parked) is the same as
    /// at the first return, and the target's progress fact is false there (the vCPU is back at
    /// the same point with nothing achieved); the model's invariants hold on the real state
    /// after every step. Empty when all of that is true.
    public static func lassoWitness(_ lasso: ReplayLasso, on target: any ReplayTarget,
                                    watchdogSeconds: Double = 3) throws -> [String] {
        guard lasso.repetitions >= 2, !lasso.loop.isEmpty else {
            return ["a lasso replay compares returns to the loop's start: it needs a loop of at least one step "
                    + "run at least twice (loop: \(lasso.loop.count) steps, repetitions: \(lasso.repetitions))"]
        }
        let run = try target.prepare(lasso.configuration)
        guard let observe = run.observe else {
            return ["the replay target of \(target.model) observes no state (ReplayRun.observe), so it cannot replay a lasso"]
        }
        let schedule = lasso.schedule
        let laps = Dictionary(uniqueKeysWithValues: (1...lasso.repetitions).map { (lasso.returnStep(lap: $0), $0) })
        var snapshots: [Int: [String: String]] = [:]
        var progressed: [Int] = []
        var violations: [String] = []
        let scheduler = Scheduler(points: run.points, watchdogSeconds: watchdogSeconds)
        let result = scheduler.run(threads: run.threads, schedule: schedule, complete: false) { executed in
            if let message = run.violation() { violations.append("after step \(executed.index + 1): \(message)") }
            guard executed.requested, let lap = laps[executed.index + 1] else { return }
            var state = observe()
            for position in executed.positions {
                let parts = position.split(separator: " ", maxSplits: 1).map(String.init)
                state["where is \(parts[0])"] = parts.count > 1 ? parts[1] : ""
            }
            snapshots[lap] = state
            if run.progress?.holds() == true { progressed.append(lap) }
        }
        var failures = followed(schedule, result)
        if let first = snapshots[1] {
            for lap in 2...lasso.repetitions {
                guard let now = snapshots[lap] else { continue }
                let changed = Set(first.keys).union(now.keys).sorted().filter { first[$0] != now[$0] }
                if !changed.isEmpty {
                    failures.append("after step \(lasso.returnStep(lap: lap)) (return \(lap) to the loop's start) the real "
                                    + "state differs from the first return (after step \(lasso.returnStep(lap: 1))): "
                                    + changed.map { "\($0): \(first[$0] ?? "-") -> \(now[$0] ?? "-")" }.joined(separator: ", "))
                }
            }
        }
        if let meaning = run.progress?.meaning {
            for lap in progressed {
                failures.append("after step \(lasso.returnStep(lap: lap)) (return \(lap) to the loop's start): "
                                + "\(meaning), but the loop must achieve nothing")
            }
        }
        failures += violations.map { "the model's invariants must hold while the lasso loops; \($0)" }
        return failures
    }

    /// The regression on the fixed variant: the lasso's schedule (stem, then the loop
    /// `repetitions` times), followed as far as it can be (blocked steps and retries are resolved
    /// by the scheduler's deterministic completion), then every thread run to its end, ends in
    /// progress: every thread finished, no deadlock, the model's invariants true after every
    /// step, and the target's progress fact true at the end. Empty when all of that is true.
    /// `maxSteps` bounds the steps run in all (a run that never progresses ends there).
    public static func lassoRegression(_ lasso: ReplayLasso, on target: any ReplayTarget,
                                       watchdogSeconds: Double = 3, maxSteps: Int = 100_000) throws -> [String] {
        let run = try target.prepare(lasso.fixedConfiguration)
        var failures: [String] = []
        let scheduler = Scheduler(points: run.points, watchdogSeconds: watchdogSeconds, maxSteps: maxSteps)
        let r = scheduler.run(threads: run.threads, schedule: lasso.schedule) { executed in
            if let message = run.violation() {
                failures.append("on \(lasso.fixedPreset), the model's invariants failed after step \(executed.index + 1): \(message)")
            }
        }
        if let w = r.watchdogMessage { failures.append(w) }
        if r.deadlocked { failures.append(r.failureMessage ?? "deadlock") }
        if !r.allThreadsEnded { failures.append("every thread must finish; unfinished: \(r.unfinished)") }
        if let progress = run.progress {
            if r.allThreadsEnded && !progress.holds() { failures.append("at the end: expected \(progress.meaning)") }
        } else {
            failures.append("the replay target of \(target.model) states no progress fact (ReplayRun.progress)")
        }
        return failures
    }
}
