/// Renders a trace as a self-contained SVG swimlane: a column (lane) per process instance, a
/// row per step with the step's label and the variables it changed in the moving instance's
/// lane, and the violating (last) step marked in red with the violation below the diagram.
///
/// Every lane is a `<g class="lane" data-process="NAME">`; every step a `<g class="step"
/// data-step="N">` (1-based), the violating one also of class `violation`. A lasso's loop steps
/// are of class `loop` (none is `violation`: the loop is), and the message below says where the
/// loop starts and that it repeats forever. No scripts, no external resources; the output
/// depends only on the trace.
public struct SVGSwimlane: Sendable {
    /// Pixels per character of the monospace font (an estimate used for widths).
    static let charWidth = 7.2
    /// Height of one text line.
    static let lineHeight = 16
    /// Width of the step-number column.
    static let stepColumn = 56
    /// Height of the lane header.
    static let header = 40

    /// Creates a renderer.
    public init() {}

    /// The SVG document of `trace`, ending in a newline.
    public func render(_ trace: Trace) -> String {
        let lanes = trace.instances
        let rows = trace.steps.map { step in [step.label] + step.changes.map { "\($0.variable): \($0.old) → \($0.new)" } }
        let widest = max(lanes.map(\.count).max() ?? 0, rows.flatMap { $0 }.map(\.count).max() ?? 0)
        let laneWidth = max(160, Int((Double(widest) * Self.charWidth).rounded(.up)) + 24)
        let heights = rows.map { $0.count * Self.lineHeight + 12 }
        let footer = trace.violation == nil ? 12 : 2 * Self.lineHeight + 12
        let width = Self.stepColumn + laneWidth * lanes.count
        let bodyHeight = heights.reduce(0, +)
        let height = Self.header + bodyHeight + footer
        var o: [String] = []
        o.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        o.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
                 + "viewBox=\"0 0 \(width) \(height)\" font-family=\"monospace\" font-size=\"12\">")
        o.append("  <title>\(Self.escape(trace.model)): \(trace.steps.count) steps"
                 + (trace.violation.map { ", violates \(Self.escape($0.name))" } ?? "") + "</title>")
        o.append("  <rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>")
        for (n, lane) in lanes.enumerated() {
            let x = Self.stepColumn + n * laneWidth
            o.append("  <g class=\"lane\" data-process=\"\(Self.escape(lane))\">")
            o.append("    <rect x=\"\(x)\" y=\"0\" width=\"\(laneWidth)\" height=\"\(Self.header + bodyHeight)\" "
                     + "fill=\"\(n % 2 == 0 ? "#f6f8fa" : "#ffffff")\" stroke=\"#d0d7de\"/>")
            o.append("    <text x=\"\(x + laneWidth / 2)\" y=\"\(Self.header - 14)\" text-anchor=\"middle\" "
                     + "font-weight=\"bold\">\(Self.escape(lane))</text>")
            o.append("  </g>")
        }
        var y = Self.header
        let last = trace.steps.count - 1
        for (n, step) in trace.steps.enumerated() {
            let lane = lanes.firstIndex(of: step.instanceName) ?? 0
            let x = Self.stepColumn + lane * laneWidth
            let violating = n == last && trace.violation != nil && trace.loopStart == nil
            let looping = trace.loopStart.map { n >= $0 } ?? false
            o.append("  <g class=\"step\(violating ? " violation" : "")\(looping ? " loop" : "")\" data-step=\"\(n + 1)\" "
                     + "data-process=\"\(Self.escape(step.instanceName))\">")
            o.append("    <text x=\"\(Self.stepColumn - 8)\" y=\"\(y + Self.lineHeight)\" text-anchor=\"end\" "
                     + "fill=\"#57606a\">\(n + 1)</text>")
            o.append("    <rect x=\"\(x + 6)\" y=\"\(y + 3)\" width=\"\(laneWidth - 12)\" height=\"\(heights[n] - 6)\" rx=\"4\" "
                     + (violating ? "fill=\"#ffebe9\" stroke=\"#cf222e\" stroke-width=\"2\"" : "fill=\"#ddf4ff\" stroke=\"#54aeff\"")
                     + "/>")
            for (k, line) in rows[n].enumerated() {
                let weight = k == 0 ? " font-weight=\"bold\"" : ""
                o.append("    <text x=\"\(x + 12)\" y=\"\(y + (k + 1) * Self.lineHeight)\"\(weight)>\(Self.escape(line))</text>")
            }
            o.append("  </g>")
            y += heights[n]
        }
        if let v = trace.violation {
            let what = trace.loopStart.map { k in
                (k < trace.steps.count ? Swimlane.loopStart(trace) + "; " : "") + Swimlane.loopEnd(trace, start: k) + ": "
            }
            o.append("  <text class=\"violation-message\" x=\"8\" y=\"\(y + Self.lineHeight + 4)\" fill=\"#cf222e\" "
                     + "font-weight=\"bold\">\(what ?? "violation after step \(trace.steps.count): ")\(Self.escape(v.message))</text>")
        }
        o.append("</svg>")
        return o.joined(separator: "\n") + "\n"
    }

    /// `text` with XML's special characters escaped (for text and attribute values).
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}
