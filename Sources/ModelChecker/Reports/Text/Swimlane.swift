/// Renders a trace as a text swimlane: a column per process instance, a row per step.
///
/// Each row shows the step's label in the moving instance's column and, below it, the values
/// its guard and branch conditions read (`read count=1, seq=0`), the variables it changed
/// (`name: old -> new`; the instance's own locals without their prefix; unsigned values from
/// 2^16 in hex) and what it did to a lock with who holds it after. The layout fits `width`
/// columns; long entries wrap inside their column between words. A lasso (a liveness
/// counterexample, `Trace.loopStart`) has a line where its loop starts and one after its last
/// step saying the loop repeats forever.
public struct Swimlane: Sendable {
    /// The total width in characters.
    public var width: Int

    /// Creates a renderer for a terminal of `width` columns.
    public init(width: Int = 100) { self.width = width }

    /// The swimlane of `trace`, as lines.
    public func render(_ trace: Trace) -> [String] {
        let lanes = trace.instances
        let stepColumn = 4
        // Each lane takes " | " before it; the last lane's trailing spaces are trimmed.
        let separators = 3 * lanes.count
        let laneWidth = max(16, (width - stepColumn - separators - 1) / max(1, lanes.count))
        var lines: [String] = []
        func row(_ step: String, _ cells: [String]) -> String {
            let padded = cells.map { $0.padding(toLength: laneWidth, withPad: " ", startingAt: 0) }
            let line = step.leftPadded(stepColumn) + " | " + padded.joined(separator: " | ")
            return line.trailingSpacesTrimmed()
        }
        lines.append(row("step", lanes))
        lines.append(String(repeating: "-", count: stepColumn + 1) + "+"
                     + Array(repeating: String(repeating: "-", count: laneWidth + 2), count: lanes.count).joined(separator: "+"))
        for (n, step) in trace.steps.enumerated() {
            if n == trace.loopStart { lines.append(loopStartLine(trace)) }
            let lane = lanes.firstIndex(of: step.instanceName) ?? 0
            let entries = self.entries(trace, n)
            let wrapped = entries.flatMap { wrap($0, laneWidth) }
            for (k, text) in wrapped.enumerated() {
                var cells = Array(repeating: "", count: lanes.count)
                cells[lane] = text
                // A lasso has no violating step: the whole loop is the violation.
                let violating = n == trace.steps.count - 1 && trace.violation != nil && trace.loopStart == nil
                lines.append(row(k == 0 ? (violating ? "!\(n + 1)" : "\(n + 1)") : "", cells))
            }
        }
        if let k = trace.loopStart { lines.append(loopEndLine(trace, start: k)) }
        return lines
    }

    /// The line before a lasso's first loop step.
    func loopStartLine(_ trace: Trace) -> String { "---- \(Self.loopStart(trace)) ----" }

    /// The line after a lasso's last step.
    func loopEndLine(_ trace: Trace, start k: Int) -> String { "---- \(Self.loopEnd(trace, start: k)) ----" }

    /// Where a lasso's loop starts: `loop: steps 3-5 repeat forever, from the state after step 2`.
    static func loopStart(_ trace: Trace) -> String {
        let k = trace.loopStart ?? 0
        return "loop: steps \(k + 1)-\(trace.steps.count) repeat forever, from the "
            + (k == 0 ? "initial state" : "state after step \(k)")
    }

    /// How a lasso goes on after its last step: back to the loop's start, or staying put forever.
    static func loopEnd(_ trace: Trace, start k: Int) -> String {
        guard k < trace.steps.count else { return "no process can move: the execution stays in this state forever" }
        return "back to the " + (k == 0 ? "initial state" : "state after step \(k)")
            + ": steps \(k + 1)-\(trace.steps.count) again, forever"
    }

    /// The lines of step `n`: its label, choices, reads, changes and lock changes.
    func entries(_ trace: Trace, _ n: Int) -> [String] {
        let step = trace.steps[n]
        let display = ValueDisplay(layout: trace.layout)
        let before = trace.states[n], after = trace.states[n + 1]
        var entries = [step.label]
        if !step.choices.isEmpty {
            entries.append("  chose " + step.choices.map(String.init).joined(separator: ", "))
        }
        if !step.reads.isEmpty {
            entries.append("  read " + display.assignments(step.reads, relativeTo: step.instance))
        }
        for slot in trace.layout.visibleChanges(from: before, to: after) {
            if case .lockHold(let lock, _) = trace.layout.roles[slot] {
                entries.append("  " + display.lockChange(lock: lock, after: after, mover: step.instance))
            } else {
                entries.append("  \(display.name(slot, relativeTo: step.instance)): "
                               + "\(display.value(slot, before[slot])) -> \(display.value(slot, after[slot]))")
            }
        }
        return entries
    }

    /// `text` in lines of at most `w` characters, broken between words (a word longer than a
    /// line is cut); continuation lines keep the text's indentation plus four spaces.
    func wrap(_ text: String, _ w: Int) -> [String] {
        guard text.count > w else { return [text] }
        let lead = String(text.prefix { $0 == " " })
        let more = lead + "    "
        var out: [String] = []
        var line = lead
        for word in text.dropFirst(lead.count).split(separator: " ") {
            let start = out.isEmpty ? lead : more
            if line.count > start.count && line.count + 1 + word.count > w {
                out.append(line)
                line = more
            }
            var piece = Substring(word)
            let current = out.isEmpty ? lead : more
            if line.count > current.count { line += " " }
            while line.count + piece.count > w {
                let room = max(1, w - line.count)
                out.append(line + piece.prefix(room))
                piece = piece.dropFirst(room)
                line = more
            }
            line += piece
        }
        if line.count > (out.isEmpty ? lead : more).count { out.append(line) }
        return out
    }
}

extension String {
    func leftPadded(_ n: Int) -> String {
        count >= n ? self : String(repeating: " ", count: n - count) + self
    }

    func trailingSpacesTrimmed() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
