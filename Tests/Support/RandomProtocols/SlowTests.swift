import Foundation

/// Whether this test run includes the slow guards (`MMUSPEC_SLOW_TESTS=1 swift test`).
///
/// CI runs a fixed slice of each long guard; the full guard runs with the variable set. README's
/// paragraph on MMUSPEC_SLOW_TESTS lists what the full runs add.
public enum SlowTests {
    /// True when `MMUSPEC_SLOW_TESTS` is set in the environment.
    public static var enabled: Bool { ProcessInfo.processInfo.environment["MMUSPEC_SLOW_TESTS"] != nil }
}
