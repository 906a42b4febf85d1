/// What a replay target needs to build a run: the model's flags, parameters and data choices
/// as the checker found them, and the labels each process kind's steps carry in the model.
public struct ReplayConfiguration: Sendable, Equatable {
    /// Every flag's value, by the model's flag names.
    public var flags: [String: String]
    /// Every parameter's value (`vcpus`, `retries`, ...).
    public var parameters: [String: Int]
    /// The data choices of the initial state, by slot name (`invalidator[0].lo`).
    public var data: [String: Int64]
    /// Per process kind, the labels of its steps in the model (over all presets): the schedule
    /// points a thread of that kind honours.
    public var labels: [String: [String]]

    /// Creates a configuration.
    public init(flags: [String: String], parameters: [String: Int], data: [String: Int64] = [:],
                labels: [String: [String]]) {
        self.flags = flags
        self.parameters = parameters
        self.data = data
        self.labels = labels
    }

    /// The labels a thread named `thread` (`vcpu[0]`) honours: those of its kind (`vcpu`).
    public func labels(ofThread thread: String) -> Set<String> {
        let kind = thread.split(separator: "[", maxSplits: 1).first.map(String.init) ?? thread
        return Set(labels[kind] ?? [])
    }

    /// A parameter's value, or `fallback` when the configuration does not set it.
    public func parameter(_ name: String, default fallback: Int) -> Int { parameters[name] ?? fallback }
}
