import Foundation

/// A deterministic scheduler over real threads: exactly one managed thread runs at a time, and
/// it runs from one schedule point to its next one (or its end).
///
/// `run` starts every thread and lets them, in index order, run up to their first schedule
/// point (the prologue; not a step). It then executes the requested schedule. For a requested
/// step `(T, L)`, thread `T` must be parked at a point labelled `L` whose step is enabled (a lock
/// point is enabled only while the lock is available in the requested mode); `T` then runs until
/// its next point or its end. Otherwise the first divergence is recorded and the run continues
/// with the completion policy. When the requested schedule is exhausted (or has diverged), the
/// remaining threads run to completion, always picking the **lowest-index** thread whose step is
/// enabled. If unfinished threads remain but none is enabled, the run reports a deadlock; those
/// threads stay parked for the life of the process (they cannot be unwound), which is harmless in
/// a test process. A watchdog bounds the time a thread may take to reach its next point.
public final class Scheduler: @unchecked Sendable {
    enum ThreadState {
        case notStarted
        case running
        case parked(label: String, gate: GateRequest?)
        case finished
    }

    /// The hub this scheduler installs itself on.
    public let points: SchedulePoints
    /// Seconds a thread may run between two points before the watchdog stops the run.
    public let watchdogSeconds: Double
    /// Upper bound on executed steps (guards against livelock).
    public let maxSteps: Int

    private let monitor = Monitor()
    // Guarded by `monitor`.
    private var states: [ThreadState] = []
    private var turn: Int?
    private var names: [String] = []
    private var generation = 0
    /// The requested schedule of the running replay, and the index of the requested step being
    /// executed (-1 in the prologue, nil once the completion policy runs).
    private var requested: [ScheduleStep] = []
    private var executing: Int? = -1

    /// Creates a scheduler for `points` (default: the shared hub).
    public init(points: SchedulePoints = .shared, watchdogSeconds: Double = 3, maxSteps: Int = 100_000) {
        self.points = points
        self.watchdogSeconds = watchdogSeconds
        self.maxSteps = maxSteps
    }

    /// Runs `threads` under `schedule` and returns what happened.
    ///
    /// - Parameters:
    ///   - threads: the managed threads, in index order (the completion order is by index).
    ///   - schedule: the requested `(thread, label)` steps.
    ///   - complete: run the remaining threads to completion after the schedule (false: stop
    ///     after it, leaving unfinished threads parked, as for a schedule that repeats a loop the
    ///     threads never leave).
    ///   - afterStep: called on the caller's thread after every executed step, while every
    ///     managed thread is parked or ended (safe to inspect shared state without locks).
    public func run(
        threads: [ManagedThread],
        schedule: [ScheduleStep],
        complete: Bool = true,
        afterStep: ((ExecutedStep) -> Void)? = nil
    ) -> ReplayResult {
        monitor.withLock {
            precondition(states.isEmpty, "a Scheduler runs one replay at a time")
            states = Array(repeating: .notStarted, count: threads.count)
            names = threads.map(\.name)
            turn = nil
            generation += 1
            requested = schedule
            executing = -1
        }
        let runGeneration = monitor.withLock { generation }
        points.install()
        defer { points.uninstall() }

        for (index, spec) in threads.enumerated() {
            let context = ManagedContext(scheduler: self, index: index, generation: runGeneration,
                                         name: spec.name, labels: spec.labels)
            let thread = Thread { [self] in
                ManagedContext.bind(context)
                self.waitForTurn(index, runGeneration)
                spec.body()
                self.finish(index, runGeneration)
                ManagedContext.bind(nil)
                withExtendedLifetime(context) {}
            }
            thread.name = spec.name
            thread.stackSize = 1 << 20
            thread.start()
        }

        var observed: [ScheduleStep] = []
        var divergence: ScheduleDivergence?
        var watchdog: String?
        var deadlocked = false
        var requestedRun = 0

        // Prologue: each thread runs to its first schedule point, in index order.
        for index in threads.indices {
            if let message = grantAndWait(index) { watchdog = message; break }
        }

        func execute(_ index: Int, _ step: ScheduleStep, requested: Bool) -> Bool {
            observed.append(step)
            if let message = grantAndWait(index) { watchdog = message; return false }
            afterStep?(ExecutedStep(index: observed.count - 1, step: step, requested: requested,
                                    positions: positions()))
            return true
        }

        if watchdog == nil {
            for (stepIndex, step) in schedule.enumerated() {
                guard let index = names.firstIndex(of: step.thread) else {
                    divergence = ScheduleDivergence(stepIndex: stepIndex, expected: step, observed: nil, reason: .unknownThread)
                    break
                }
                let state = monitor.withLock { states[index] }
                switch state {
                case .parked(let label, let gate):
                    if label != step.label {
                        divergence = ScheduleDivergence(stepIndex: stepIndex, expected: step,
                                                        observed: ScheduleStep(step.thread, label), reason: .otherLabel)
                    } else if let gate, !monitor.withLock({ gate.isOpen }) {
                        divergence = ScheduleDivergence(stepIndex: stepIndex, expected: step,
                                                        observed: ScheduleStep(step.thread, label), reason: .blocked)
                    }
                case .finished:
                    divergence = ScheduleDivergence(stepIndex: stepIndex, expected: step, observed: nil, reason: .finished)
                case .notStarted, .running:
                    preconditionFailure("scheduler invariant: no thread runs between steps")
                }
                if divergence != nil { break }
                monitor.withLock { executing = stepIndex }
                guard execute(index, step, requested: true) else { break }
                requestedRun += 1
            }
        }

        // Completion: lowest-index enabled thread first.
        monitor.withLock { executing = nil }
        if watchdog == nil && complete {
            while true {
                if observed.count >= maxSteps {
                    watchdog = "step budget of \(maxSteps) steps exhausted (livelock?)"
                    break
                }
                let next: (Int, String)? = monitor.withLock {
                    for (index, state) in states.enumerated() {
                        if case .parked(let label, let gate) = state, gate?.isOpen ?? true {
                            return (index, label)
                        }
                    }
                    return nil
                }
                guard let (index, label) = next else {
                    deadlocked = monitor.withLock {
                        states.contains { if case .finished = $0 { false } else { true } }
                    }
                    break
                }
                guard execute(index, ScheduleStep(names[index], label), requested: false) else { break }
            }
        }

        let unfinished: [ScheduleStep] = monitor.withLock {
            var result: [ScheduleStep] = []
            for (index, state) in states.enumerated() {
                switch state {
                case .finished: continue
                case .parked(let label, _): result.append(ScheduleStep(names[index], label))
                case .running: result.append(ScheduleStep(names[index], "<running>"))
                case .notStarted: result.append(ScheduleStep(names[index], "<not started>"))
                }
            }
            // Leftover threads stay parked; reset so a new run can't be confused by them.
            states = []
            names = []
            turn = nil
            requested = []
            executing = -1
            return result
        }
        return ReplayResult(observed: observed, divergence: divergence, deadlocked: deadlocked,
                            watchdogMessage: watchdog, unfinished: unfinished, requestedStepsRun: requestedRun)
    }

    /// Where each thread is, in index order: `vcpu[0] fault.gup` (parked at that point) or
    /// `vcpu[0] finished`.
    private func positions() -> [String] {
        monitor.withLock {
            zip(names, states).map { name, state in
                switch state {
                case .parked(let label, _): return "\(name) \(label)"
                case .finished: return "\(name) finished"
                case .running: return "\(name) <running>"
                case .notStarted: return "\(name) <not started>"
                }
            }
        }
    }

    // MARK: - Hand-off

    /// Lets thread `index` run and waits until it parks or ends. Returns a watchdog message on timeout.
    private func grantAndWait(_ index: Int) -> String? {
        monitor.lock()
        defer { monitor.unlock() }
        turn = index
        states[index] = .running
        monitor.broadcast()
        let deadline = Monitor.now() + UInt64(watchdogSeconds * 1_000_000_000)
        while case .running = states[index] {
            if !monitor.wait(untilNanoseconds: deadline) {
                if case .running = states[index] {
                    return "watchdog: \(names[index]) did not reach its next schedule point within \(watchdogSeconds) s"
                }
            }
        }
        return nil
    }

    private func waitForTurn(_ index: Int, _ runGeneration: Int) {
        monitor.lock()
        defer { monitor.unlock() }
        while !isGranted(index, runGeneration) { monitor.wait() }
    }

    /// Whether thread `index` of run `runGeneration` may run now. Threads left over from an
    /// earlier run (deadlock, watchdog) never match the current generation, so they stay parked.
    private func isGranted(_ index: Int, _ runGeneration: Int) -> Bool {
        guard runGeneration == generation, index < states.count, turn == index,
              case .running = states[index] else { return false }
        return true
    }

    /// The label of the next step the requested schedule gives thread `index` after the step being
    /// executed (nil when there is none, or once the completion policy runs): how a thread that
    /// has a choice to make between two points (yield or not) takes the one the schedule recorded.
    func nextRequestedLabel(index: Int, generation runGeneration: Int) -> String? {
        monitor.withLock {
            guard runGeneration == generation, index < names.count, let current = executing else { return nil }
            let name = names[index]
            return requested[(current + 1)...].first { $0.thread == name }?.label
        }
    }

    /// Called on a managed thread at a schedule point: parks until the scheduler picks it.
    func park(index: Int, generation runGeneration: Int, label: String, gate: GateRequest?) {
        monitor.lock()
        defer { monitor.unlock() }
        if runGeneration == generation, index < states.count {
            states[index] = .parked(label: label, gate: gate)
            monitor.broadcast()
        }
        while !isGranted(index, runGeneration) { monitor.wait() }
    }

    private func finish(_ index: Int, _ runGeneration: Int) {
        monitor.withLock {
            guard runGeneration == generation, index < states.count else { return }
            states[index] = .finished
            monitor.broadcast()
        }
    }
}
