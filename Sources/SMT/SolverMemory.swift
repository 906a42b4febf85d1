import CZ3

/// Z3's own bound on the memory it allocates, for every context of the process (Z3's global
/// `memory_max_size`): past it, the call under way fails with `Z3_MEMOUT_FAIL` ("out of
/// memory"), which the wrappers throw as an `SMTError`, instead of the process growing on.
public enum SolverMemory {
    /// Bounds Z3's allocations to `megabytes` (at least 1) from now on.
    public static func limit(megabytes: Int) {
        Z3_global_param_set("memory_max_size", String(max(1, megabytes)))
    }

    /// Removes the bound (Z3's default).
    public static func unlimited() {
        Z3_global_param_set("memory_max_size", "0")
    }

    /// Whether `error` is Z3 running out of the bound set by `limit(megabytes:)`.
    public static func isOutOfMemory(_ error: SMTError) -> Bool {
        error.code == "Z3_MEMOUT_FAIL" || error.message.contains("out of memory")
    }
}
