import ProtocolDSL

extension Program {
    /// The instance counts of `kinds` (every kind when nil), as a user reads them: `1 vcpu, 2 invalidators`.
    func describeSize(kinds: [String]? = nil) -> String {
        self.kinds.filter { k in kinds?.contains(k.name) ?? true }
            .map { Self.plural($0.instances, $0.name) }.joined(separator: ", ")
    }

    /// `1 vcpu`, `2 vcpus`.
    static func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
