@testable import TestGen
import XCTest

/// Names of generated types and Swift literals.
final class SwiftIdentifierTests: XCTestCase {
    func testUpperCamelJoinsWordsSeparatedByDashesAndDots() {
        XCTAssertEqual(SwiftIdentifier.upperCamel("apic-access-zap"), "ApicAccessZap")
        XCTAssertEqual(SwiftIdentifier.upperCamel("zap-read-lock-bump"), "ZapReadLockBump")
        XCTAssertEqual(SwiftIdentifier.upperCamel("upstream"), "Upstream")
    }

    func testLiteralEscapesQuotesBackslashesAndNewlines() {
        XCTAssertEqual(SwiftIdentifier.literal("vcpu[0]"), "\"vcpu[0]\"")
        XCTAssertEqual(SwiftIdentifier.literal("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"")
    }
}
