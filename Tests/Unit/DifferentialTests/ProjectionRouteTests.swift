import ModelChecker
import ProtocolDSL
import RandomProtocols
import XCTest

/// `auto`'s smaller-instance route against the plain explicit search on random protocols whose
/// family has 2 or 3 members: the same verdict and the same shortest length, also where the
/// route ruled out a shorter counterexample on a capped program (`ProjectionBound`). CI runs
/// seeds 0..<120; MMUSPEC_SLOW_TESTS=1 runs 0..<2000.
final class ProjectionRouteTests: XCTestCase {
    final class Notices: @unchecked Sendable {
        var lines: [String] = []
    }

    func testTheRouteKeepsTheShortestLengthOnRandomProtocols() throws {
        var capped = 0, violated = 0
        for seed in UInt64(0)..<(SlowTests.enabled ? 2000 : 120) {
            let rp = RandomProtocol(seed: seed)
            let p = try rp.program()
            guard p.kinds[0].instances > 1 else { continue }
            let plain: CheckOutcome
            do {
                plain = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 400, symmetry: false),
                                                              stateLimit: 20_000)
            } catch is ExplicitChecker.Abandoned {
                continue
            }
            guard case .violated(let expected) = plain else { continue }
            violated += 1
            let heard = Notices()
            let options = CheckOptions(maxDepth: 400, notice: { heard.lines.append($0) }, model: rp.model)
            let (outcome, _) = try Engine.auto.check(p, options)
            guard case .violated(let got) = outcome else {
                XCTFail("seed \(seed): plain violated in \(expected[0].steps.count) steps, auto \(outcome)")
                continue
            }
            XCTAssertEqual(got[0].steps.count, expected[0].steps.count, "seed \(seed): \(heard.lines)")
            if heard.lines.contains(where: { $0.contains("needs no more") }) { capped += 1 }
        }
        print("projection route: \(violated) violated, \(capped) capped")
        XCTAssertGreaterThan(capped, 0)
    }
}
