import ModelChecker
import ProtocolDSL
import XCTest

/// The swimlane is read without arithmetic: addresses in hex, never cut inside a value.
final class SwimlaneTests: XCTestCase {
    func trace(_ m: ProtocolModel) throws -> Trace {
        let p = try m.instantiate(try m.configuration())
        guard case .violated(let ts) = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 10)) else {
            throw XCTSkip("\(m.name) holds")
        }
        return ts[0]
    }

    func testUnsignedValuesFrom2To16AreHexAndSmallOnesDecimal() throws {
        let lines = Swimlane(width: 100).render(try trace(TinyProtocols.counterSnapshot()))
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("ctr: 0xffffffff -> 0x100000000"), text)
        XCTAssertTrue(text.contains("snap: 1 -> 0"), text)
    }

    func testNarrowLanesBreakBetweenWordsNotInsideValues() throws {
        let t = try trace(TinyProtocols.counterSnapshot())
        for width in [40, 50, 60] {
            let lines = Swimlane(width: width).render(t)
            XCTAssertTrue(lines.allSatisfy { $0.count <= max(width, 4 + 3 + 16) }, "\(width): \(lines)")
            // Every hex value on a line is whole: one of the two values the counter takes.
            for line in lines {
                for token in line.split(whereSeparator: { " |:".contains($0) }) where token.hasPrefix("0x") {
                    XCTAssertTrue(["0xffffffff", "0x100000000"].contains(token), "\(width): '\(token)' in \(lines)")
                }
            }
        }
    }

    func testAStepShowsTheValuesItsBranchRead() throws {
        let m = ProtocolModel("branch", summary: "a branch on a read value") { _ in
            let x = Global("x", .u8, initial: .value(3))
            let y = Global("y", .u8)
            x
            y
            Process("p") {
                Step("decide") {
                    If(x > 2) { y <- 7 } else: { y <- 1 }
                }
            }
            Invariant("small") { y < 5 }
        }
        let t = try trace(m)
        XCTAssertEqual(t.steps[0].reads.map { t.layout.names[$0.slot] }, ["x"])
        let text = Swimlane(width: 100).render(t).joined(separator: "\n")
        XCTAssertTrue(text.contains("read x=3"), text)
        XCTAssertEqual(FalseClause(t)?.expression, "(i32)y < 5", "as `show` prints it, with the C promotion")
        XCTAssertEqual(FalseClause(t)?.values.map(\.value), [7])
    }
}
