@testable import ModelChecker
import Models
import ProtocolDSL
import XCTest

/// Hash compaction (`ExplicitChecker.checkCompacted`): with 64-bit signatures the search stores
/// the exact search's states and answers as it does; with short signatures it must lose states,
/// and its bound must say that it may have.
final class HashCompactionTests: XCTestCase {
    func program(_ model: ProtocolModel, _ preset: String, vcpus: Int) throws -> Program {
        try model.instantiate(try model.configuration(preset: preset, overrides: [("vcpus", String(vcpus))]))
    }

    /// Holding and violated presets, over orbits and without symmetry: the same outcome (for a
    /// violation: the same length and property), and as many states as the exact search stores.
    func testSixtyFourBitSignaturesAgreeWithTheExactSearch() throws {
        // (The plain search of notifier-invalidate's 107,235 states is left to the orbits.)
        let cases: [(ProtocolModel, String, Int, [Bool])] = [
            (NotifierInvalidate.model, "upstream", 2, [true]),
            (NotifierInvalidate.model, "range-overwrite", 2, [true, false]),
            (APICAccessZap.model, "upstream", 3, [true, false]),
            (APICAccessZap.model, "zap-read-lock", 3, [true, false]),
            (TDPSharedFault.model, "plain-store", 3, [true, false]),
            (GFNInvalidate.model, "range-overwrite", 2, [true, false]),
        ]
        for (model, preset, n, modes) in cases {
            for symmetry in modes {
                let p = try program(model, preset, vcpus: n)
                let options = CheckOptions(maxDepth: 60, symmetry: symmetry)
                let exact = try ExplicitChecker(program: p).check(options)
                let (compacted, report) = try ExplicitChecker(program: p).checkCompacted(options)
                let what = "\(model.name) \(preset) at \(n), symmetry \(symmetry)"
                switch (exact, compacted) {
                case (.holds(let d1, let c1), .holds(let d2, let c2)):
                    XCTAssertEqual(d1, d2, what)
                    XCTAssertEqual(c1, c2, what)
                    XCTAssertTrue(c1, "\(what): the exact search is complete")
                    let states = try ExplicitChecker(program: p).explore(symmetry: symmetry).states
                    XCTAssertEqual(report.states, states, what)
                case (.violated(let t1), .violated(let t2)):
                    XCTAssertEqual(t1[0].steps.count, t2[0].steps.count, what)
                    XCTAssertEqual(t1[0].violation, t2[0].violation, what)
                    XCTAssertGreaterThan(report.states, 0, what)
                default:
                    XCTFail("\(what): exact \(Self.summary(exact)), compacted \(Self.summary(compacted))")
                }
                XCTAssertEqual(report.signatureBits, 64)
                XCTAssertLessThan(report.omissionBound, 1e-9, what)
            }
        }
    }

    static func summary(_ o: CheckOutcome) -> String {
        if case .violated(let t) = o { return "violated in \(t[0].steps.count) steps" }
        return "\(o)"
    }

    /// 10-bit signatures name at most 1,024 states: of notifier-invalidate's 30,060 orbits at 2
    /// vCPUs most are taken for others and never explored, and the bound is 1, not a small number.
    func testShortSignaturesLoseStatesAndTheBoundSaysSo() throws {
        let p = try program(NotifierInvalidate.model, "upstream", vcpus: 2)
        let exact = try ExplicitChecker(program: p).explore(symmetry: true).states
        XCTAssertEqual(exact, 30060)
        let (_, report) = try ExplicitChecker(program: p).checkCompacted(CheckOptions(maxDepth: 60), signatureBits: 10)
        XCTAssertLessThanOrEqual(report.states, 1024)
        XCTAssertLessThan(report.states, exact)
        XCTAssertEqual(report.omissionBound, 1)
        XCTAssertEqual(report.formattedBound, "1")
        let bounded = try ExplicitChecker(program: p).explore(symmetry: true, signatureBits: 10)
        XCTAssertEqual(bounded.states, report.states, "the exploration stores what the check stored")
    }

    /// The bound is n(n - 1) / 2^(b + 1), capped at 1; nothing to confuse with fewer than two states.
    func testTheOmissionBoundIsTheUnionBoundOverPairs() {
        XCTAssertEqual(HashCompaction(signatureBits: 64, states: 0).omissionBound, 0)
        XCTAssertEqual(HashCompaction(signatureBits: 64, states: 1).formattedBound, "0")
        XCTAssertEqual(HashCompaction(signatureBits: 4, states: 3).omissionBound, 6.0 / 32)
        XCTAssertEqual(HashCompaction(signatureBits: 32, states: 1 << 20).omissionBound, 1)
        XCTAssertEqual(HashCompaction(signatureBits: 64, states: 1_000_000).formattedBound, "2.7e-08")
    }
}
