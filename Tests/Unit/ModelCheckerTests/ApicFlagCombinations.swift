/// Every combination of apic-access-zap's five flags, as `--set` pairs.
enum ApicFlagCombinations {
    /// The 32 combinations, each with `vcpus` set to `vcpus`.
    static func all(vcpus: Int) -> [[(String, String)]] {
        (0..<32).map { bits in
            [
                ("fault_lock", bits & 1 == 0 ? "read" : "write"),
                ("zap_lock", bits & 2 == 0 ? "read" : "write"),
                ("zap_bumps_notifier", String(bits & 4 == 0)),
                ("fault_checks_retry", String(bits & 8 == 0)),
                ("seq_before_slot", String(bits & 16 == 0)),
                ("vcpus", String(vcpus)),
            ]
        }
    }
}
