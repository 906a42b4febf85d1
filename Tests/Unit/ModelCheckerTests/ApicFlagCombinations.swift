/// Every combination of apic-access-zap's five protocol flags, as `--set` pairs (`zap_yields`
/// and `zap_range` keep their defaults, v6.1's: the zap may yield, the range is (0, ~0); the
/// presets `v5.15-tdp` and `v5.15-legacy` cover the gfn range).
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
