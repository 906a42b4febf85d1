import ModelChecker
import ProtocolDSL
import XCTest

/// Both engines on protocols whose shortest counterexample length is known by hand.
final class TinyProtocolTests: XCTestCase {
    func program(_ m: ProtocolModel) throws -> Program {
        try m.instantiate(try m.configuration())
    }

    /// Runs both engines; asserts they agree; returns the BMC outcome.
    func checkBoth(_ m: ProtocolModel, depth: Int = 30, file: StaticString = #filePath, line: UInt = #line) throws
        -> CheckOutcome
    {
        let p = try program(m)
        let bmc = try BoundedChecker(program: p).check(CheckOptions(maxDepth: depth))
        let explicit = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: depth))
        switch (bmc, explicit) {
        case (.violated(let a), .violated(let b)):
            XCTAssertEqual(a[0].steps.count, b[0].steps.count, "shortest lengths differ", file: file, line: line)
            XCTAssertEqual(a[0].violation?.kind, b[0].violation?.kind, file: file, line: line)
        case (.holds(_, let c1), .holds(_, let c2)):
            XCTAssertEqual(c1, c2, "completeness differs", file: file, line: line)
        default:
            XCTFail("engines disagree: bmc \(bmc) vs explicit \(explicit)", file: file, line: line)
        }
        return bmc
    }

    func violation(_ o: CheckOutcome) -> Trace? {
        if case .violated(let t) = o { return t[0] }
        return nil
    }

    func testTestAndSetWithoutTheTestBreaksMutualExclusionInFourSteps() throws {
        let t = try XCTUnwrap(violation(try checkBoth(TinyProtocols.testAndSet(test: false))))
        XCTAssertEqual(t.steps.count, 4)
        XCTAssertEqual(t.violation?.name, "mutual_exclusion")
        XCTAssertEqual(t.steps.filter { $0.label == "enter" }.count, 2, "both threads entered")
    }

    func testTestAndSetWithTheTestHoldsForAllExecutions() throws {
        XCTAssertEqual(try checkBoth(TinyProtocols.testAndSet(test: true)), .holds(depth: 6, complete: true))
    }

    func testBrokenPetersonNeedsSixSteps() throws {
        let t = try XCTUnwrap(violation(try checkBoth(TinyProtocols.peterson(broken: true))))
        XCTAssertEqual(t.steps.count, 6)
        XCTAssertEqual(t.violation?.kind, .invariant)
    }

    func testPetersonHolds() throws {
        guard case .holds(_, true) = try checkBoth(TinyProtocols.peterson(broken: false)) else {
            return XCTFail("Peterson's algorithm must hold for all executions")
        }
    }

    func testSixtyFourBitCounterSnapshotIntoThirtyTwoBitsTruncates() throws {
        let t = try XCTUnwrap(violation(try checkBoth(TinyProtocols.counterSnapshot())))
        XCTAssertEqual(t.schedule.map(\.label), ["inc", "snap"])
        XCTAssertEqual(t.steps[0].changes, [Change(variable: "ctr", old: "4294967295", new: "4294967296")])
        XCTAssertEqual(t.steps[1].changes, [Change(variable: "snap", old: "1", new: "0")])
    }

    func testWideningSignExtendsSignedAndZeroExtendsUnsigned() throws {
        XCTAssertEqual(try checkBoth(TinyProtocols.widening()), .holds(depth: 1, complete: true))
    }

    func testLockOrderInversionDeadlocksInTwoSteps() throws {
        let t = try XCTUnwrap(violation(try checkBoth(TinyProtocols.lockOrder())))
        XCTAssertEqual(t.violation?.kind, .deadlock)
        XCTAssertEqual(t.steps.count, 2)
        XCTAssertEqual(Set(t.schedule.map(\.label)), ["lock_a", "lock_b"])
    }

    func testReleasingALockNotHeldIsLockMisuse() throws {
        let t = try XCTUnwrap(violation(try checkBoth(TinyProtocols.badRelease())))
        XCTAssertEqual(t.violation?.kind, .lockMisuse)
        XCTAssertEqual(t.steps.count, 1)
        XCTAssertTrue(t.violation?.message.contains("m") ?? false)
    }

    func testOutOfBoundsIndexFromADataChoiceIsFound() throws {
        let t = try XCTUnwrap(violation(try checkBoth(TinyProtocols.outOfBounds())))
        XCTAssertEqual(t.violation?.kind, .outOfBounds)
        XCTAssertEqual(t.dataChoices.first?.1, "2", "only i = 2 is outside arr[0..<2]")
    }

    func testEndlessLoopHoldsOnlyUpToTheDepth() throws {
        XCTAssertEqual(try checkBoth(TinyProtocols.spinner(), depth: 5), .holds(depth: 5, complete: false))
    }

    /// Up to swapping independent steps, a violation is fixed by the order of the two `set`s
    /// (both write the flag) and of the two `enter`s (both write in_cs): four classes, which
    /// renaming the threads pairs up: two distinct counterexamples, though three are asked for.
    func testDistinctCounterexamplesHaveDistinctSchedules() throws {
        let p = try program(TinyProtocols.testAndSet(test: false))
        guard case .violated(let traces) = try BoundedChecker(program: p)
            .check(CheckOptions(maxDepth: 10, maxCounterexamples: 3)) else { return XCTFail("expected violations") }
        XCTAssertEqual(traces.count, 2)
        let schedules = traces.map { $0.schedule.map { "\($0.instance)/\($0.label)" }.joined(separator: " ") }
        XCTAssertEqual(Set(schedules).count, 2, "schedules must differ: \(schedules)")
        XCTAssertTrue(traces.allSatisfy { $0.violation != nil })
    }

    func testSameCheckGivesTheSameTraceTwice() throws {
        let p = try program(TinyProtocols.peterson(broken: true))
        let a = try BoundedChecker(program: p).check(CheckOptions(maxDepth: 20))
        let b = try BoundedChecker(program: p).check(CheckOptions(maxDepth: 20))
        XCTAssertEqual(a, b)
    }
}
