/// A one-line summary of a trace's interleaving: runs of consecutive steps by one instance.
extension Trace {
    /// `vcpu[0] fault.snapshot_seq..fault.retry_check; inhibit[0] inhibit.set..zap.unlock; vcpu[0] fault.map`.
    public var interleavingSummary: String {
        Self.interleavingSummary(of: steps.map { ($0.instanceName, $0.label) })
    }

    /// The summary of steps given as (instance, label) pairs, e.g. a `mmuspec.check/1` report's.
    public static func interleavingSummary(of steps: [(instance: String, label: String)]) -> String {
        var runs: [(instance: String, first: String, last: String, count: Int)] = []
        for s in steps {
            if let r = runs.last, r.instance == s.instance {
                runs[runs.count - 1] = (r.instance, r.first, s.label, r.count + 1)
            } else {
                runs.append((s.instance, s.label, s.label, 1))
            }
        }
        if runs.isEmpty { return "(the initial state)" }
        return runs.map { r in
            r.count == 1 ? "\(r.instance) \(r.first)" : "\(r.instance) \(r.first)..\(r.last)"
        }.joined(separator: "; ")
    }
}
