@testable import ModelChecker
import ProtocolDSL
import SMT
import XCTest

/// The invisible engine on a counter that counts a family's members (`Counters`,
/// `CountingEquality`).
final class CounterProofTests: XCTestCase {
    func program(readers: Int) throws -> Program {
        let m = CountingModels.readerCount
        return try m.instantiate(try m.configuration(preset: nil, overrides: [("readers", "\(readers)")]))
    }

    func testTheReaderCountIsProvedAtSixteenReadersFromTwo() throws {
        let m = CountingModels.readerCount
        let prover = try Prover(model: m, configuration: try m.configuration(preset: nil, overrides: [("readers", "16")]))
        guard case .proved(let cert) = try prover.prove(engine: .invisible) else { return XCTFail("not proved") }
        XCTAssertTrue(cert.invariant[0].contains("from 2 readers"), cert.invariant[0])
        XCTAssertTrue(cert.invariant.contains("readers == #reader@{read, exit}"), cert.invariant.joined(separator: "\n"))
    }

    func testTheWeightsFollowTheSteps() throws {
        let p = try program(readers: 2)
        let eqs = CountingEquality.all(in: p, counters: Counters(p).classes)
        XCTAssertEqual(eqs.map { $0.line(p) }, ["readers == #reader@{read, exit}"])
        XCTAssertEqual(Counters(p).classes.map(\.threshold), [0])
    }

    /// Both halves are needed: the projection from 2 readers with absolute counts, or with
    /// relative counts but no equality, is not inductive at 6 readers; with both it is.
    func testRelativeCountsAndTheEqualityAreBothNeeded() throws {
        let small = try program(readers: 2), big = try program(readers: 6)
        guard case .complete(let states) = ReachableStates(program: small).explore(stateLimit: 10_000, deadline: nil) else {
            return XCTFail("exploration did not complete")
        }
        let counters = Counters(big).classes
        func recheck(relative: Bool, equality: Bool) throws -> [String] {
            let classes = relative ? counters : []
            let source = InstanceSlots(layout: StateLayout(small), familyKinds: [0], counters: classes)
            let target = InstanceSlots(layout: StateLayout(big), familyKinds: [0], counters: classes)
            let candidate = ProjectedInvariant(states: states, source: source,
                                               views: [ProjectedInvariant.View(memberKinds: [0])])
            let ctx = Z3Context()
            let s = Encoder(context: ctx, layout: target.layout).stateVariables("s")
            let eqs = equality ? CountingEquality.all(in: big, counters: counters) : []
            let inv = BoolTerm.and([candidate.formula(at: target, over: s, in: ctx)]
                                   + eqs.map { $0.formula(over: s, layout: target.layout, in: ctx) }, in: ctx)
            return try CertificateChecker(layout: target.layout, tactics: CertificateChecker.bitBlastTactics)
                .recheckInvariant(inv, over: s)
        }
        for (relative, equality) in [(false, false), (false, true), (true, false)] {
            XCTAssertThrowsError(try recheck(relative: relative, equality: equality), "relative \(relative), equality \(equality)")
        }
        XCTAssertEqual(try recheck(relative: true, equality: true).count, 3)
    }
}
