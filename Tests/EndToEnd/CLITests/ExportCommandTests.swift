import Foundation
import XCTest

/// `mmuspec export` refuses what it cannot write faithfully or within its limits: exit 2, one line.
final class ExportCommandTests: XCTestCase {
    /// The run that was killed for memory with no output: now one line with the estimate and the limit.
    func testAnSMTScriptOverTheSizeLimitIsRefusedWithTheEstimate() throws {
        try CLIRunner.assertUsageError(["export", "apic-access-zap", "--format", "smt2", "--depth", "1000",
                                        "--vcpus", "16"],
                                       "over the limit of 256 MB; lower --depth or --vcpus")
        let r = try CLIRunner.run(["export", "apic-access-zap", "--format", "smt2", "--depth", "1000", "--vcpus", "16"])
        XCTAssertNotNil(r.stderr.range(of: #"would have about \d+ MB"#, options: .regularExpression), r.stderr)
    }
}
