/// Renders a trace as a text swimlane: a column per process instance, a row per step.
///
/// Each row shows the step's label in the moving instance's column and, below it, the
/// variables the step changed (`name: old -> new`; the instance's own locals without their
/// prefix). The layout fits `width` columns; long entries wrap inside their column.
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
            let lane = lanes.firstIndex(of: step.instanceName) ?? 0
            var entries = [step.label]
            if !step.choices.isEmpty {
                entries.append("  chose " + step.choices.map(String.init).joined(separator: ", "))
            }
            let prefix = step.instanceName + "."
            for c in step.changes {
                let name = c.variable.hasPrefix(prefix) ? String(c.variable.dropFirst(prefix.count)) : c.variable
                entries.append("  \(name): \(c.old) -> \(c.new)")
            }
            let wrapped = entries.flatMap { wrap($0, laneWidth) }
            for (k, text) in wrapped.enumerated() {
                var cells = Array(repeating: "", count: lanes.count)
                cells[lane] = text
                let marker = (n == trace.steps.count - 1 && trace.violation != nil && k == 0) ? "!\(n + 1)" : "\(n + 1)"
                lines.append(row(k == 0 ? marker : "", cells))
            }
        }
        return lines
    }

    func wrap(_ text: String, _ w: Int) -> [String] {
        guard text.count > w else { return [text] }
        var out: [String] = []
        var rest = Substring(text)
        var first = true
        while !rest.isEmpty {
            let room = first ? w : w - 4
            let chunk = rest.prefix(room)
            out.append((first ? "" : "    ") + chunk)
            rest = rest.dropFirst(chunk.count)
            first = false
        }
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
