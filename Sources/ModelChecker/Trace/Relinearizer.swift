import ProtocolDSL

/// Reorders a counterexample into an equivalent one with few context switches, for reading.
///
/// Two executions that differ only by swapping adjacent independent steps reach the same
/// states at their ends. Among those, the one that lets each process run as long as it can
/// reads best as a swimlane (the seed race reads as "the vCPU passes its check, the zap runs
/// whole, the vCPU maps"). The greedy order keeps running the current instance while its next
/// step depends on nothing still pending, else switches to the instance of the earliest
/// pending step. The last step stays last (it is the one that breaks the property). The
/// result is replayed and used only if it is still a violation of the same length.
struct Relinearizer {
    let interpreter: Interpreter

    func reorder(_ schedule: Schedule) -> Schedule {
        let n = schedule.steps.count
        guard n > 2 else { return schedule }
        // Step index of each scheduled step, by replaying the schedule.
        var s = interpreter.initialState(choices: schedule.initialChoices)
        var stepIndex: [Int] = []
        for st in schedule.steps {
            guard interpreter.enabled(s, st.instance) else { return schedule }
            stepIndex.append(interpreter.pc(s, st.instance))
            s = interpreter.execute(s, st.instance, fixedChoices: st.choices)[0].state
        }
        var transitions: [(instance: Int, step: Int)] = []
        var transitionOf: [Int] = []
        var seen: [String: Int] = [:]
        for (k, st) in schedule.steps.enumerated() {
            let key = "\(st.instance)/\(stepIndex[k])"
            if let t = seen[key] {
                transitionOf.append(t)
            } else {
                seen[key] = transitions.count
                transitionOf.append(transitions.count)
                transitions.append((st.instance, stepIndex[k]))
            }
        }
        let independence = Independence(layout: interpreter.layout, transitions: transitions)
        func dependent(_ a: Int, _ b: Int) -> Bool {
            schedule.steps[a].instance == schedule.steps[b].instance
                || !independence.independent[transitionOf[a]][transitionOf[b]]
        }
        var taken = [Bool](repeating: false, count: n)
        taken[n - 1] = true  // the last step is appended at the end
        func available(_ k: Int) -> Bool {
            !taken[k] && (0..<k).allSatisfy { taken[$0] || !dependent($0, k) }
        }
        var order: [Int] = []
        var current = schedule.steps[0].instance
        while order.count < n - 1 {
            if let k = (0..<(n - 1)).first(where: { !taken[$0] && schedule.steps[$0].instance == current }),
               available(k) {
                order.append(k)
                taken[k] = true
                continue
            }
            guard let k = (0..<(n - 1)).first(where: { available($0) }) else { return schedule }
            current = schedule.steps[k].instance
        }
        order.append(n - 1)
        let reordered = Schedule(initialChoices: schedule.initialChoices, steps: order.map { schedule.steps[$0] })
        guard let t = try? interpreter.trace(of: reordered), t.violation != nil, t.steps.count == n else {
            return schedule
        }
        return reordered
    }
}
