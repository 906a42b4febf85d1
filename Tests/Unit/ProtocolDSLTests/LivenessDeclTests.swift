import XCTest
@testable import ProtocolDSL

/// Liveness properties and fairness: how they are declared, normalised, checked for mistakes and printed.
final class LivenessDeclTests: XCTestCase {
    /// A spin lock: `try` takes the flag or retries (a loop back, with no bound), `cs` releases it.
    private func spinLock(fairness: Fairness = .weak,
                          @ProtocolBuilder extra: @escaping @Sendable (ModelContext) -> [ProtocolItem] = { _ in [] })
        throws -> Program {
        let body: @Sendable (ModelContext) -> [ProtocolItem] = { ctx in Self.spinLockItems(fairness) + extra(ctx) }
        let m = ProtocolModel("spin", summary: "spin lock", body: body)
        return try m.instantiate(try m.configuration())
    }

    @ProtocolBuilder
    private static func spinLockItems(_ fairness: Fairness) -> [ProtocolItem] {
            let taken = Global("taken", .bool)
            taken
            Process("thread", instances: 2, fairness: fairness) {
                Step("try") {
                    If(taken) {
                        Goto("try")
                    } else: {
                        taken <- true
                    }
                }
                Step("cs") {
                    taken <- false
                    Goto("try")
                }
            }
            Process("watcher") {
                Step("look") { Goto("look") }
            }
            Liveness("progress", forAll: "thread") { t in LeadsTo(t.at("try"), t.at("cs")) }
            Liveness("free_often") { Always(Eventually(!taken)) }
    }

    func testForAllGivesOneClausePerInstanceWithTheInstancesLocations() throws {
        let p = try spinLock()
        XCTAssertEqual(p.liveness.map(\.name), ["progress", "free_often"])
        let progress = p.liveness[0]
        XCTAssertEqual(progress.clauses.map(\.instantiation), ["thread[0]", "thread[1]"])
        // thread[1] is flat instance 1; `try` is step 0 and `cs` step 1 of its kind.
        XCTAssertEqual(progress.clauses[1].formula, .leadsTo(.pcIs(instance: 1, step: 0), .pcIs(instance: 1, step: 1)))
        XCTAssertEqual(p.liveness[1].clauses.map(\.instantiation), [""])
        guard case .infinitelyOften(.unary(.not, .global(0, .bool), .bool)) = p.liveness[1].clauses[0].formula else {
            return XCTFail("Always(Eventually(!taken)) is \(p.liveness[1].clauses[0].formula)")
        }
    }

    func testAlwaysOfLeadsToAndNestedAlwaysNormalise() throws {
        let p = try instantiate("norm") { _ in
            let a = Global("a", .bool)
            a
            Process("p") { Step("s") { a <- !a } }
            Liveness("l1") { Always(LeadsTo(a, !a)) }
            Liveness("l2") { Always(Always(Eventually(a))) }
            Liveness("l3") { LeadsTo(a, !a) }
            Liveness("l4") { Eventually(a) }
        }
        let f = p.liveness.map { $0.clauses[0].formula }
        XCTAssertEqual(f[0], f[2], "Always(LeadsTo(p, q)) is LeadsTo(p, q)")
        guard case .leadsTo = f[0], case .infinitelyOften = f[1], case .eventually = f[3] else {
            return XCTFail("shapes: \(f)")
        }
    }

    func testFairnessIsRecordedPerKindAndDefaultsToNone() throws {
        let p = try spinLock(fairness: .strong)
        XCTAssertEqual(p.kinds.map(\.fairness), [.strong, .none])
    }

    func testAnUnboundedRetryLoopIsALegalModel() throws {
        // `try` jumps back to itself with no bound on the number of retries.
        let p = try spinLock()
        XCTAssertEqual(p.kinds[0].steps.count, 2)
    }

    func testPrinterShowsFairnessAndLivenessClauses() throws {
        let lines = ProgramPrinter(try spinLock()).render().split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("process thread x2 (weak fairness):"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains("process watcher x1:"), "no fairness prints nothing")
        XCTAssertEqual(Array(lines.suffix(5)), [
            "liveness progress:",
            "  [thread[0]] thread[0]@try ~> thread[0]@cs",
            "  [thread[1]] thread[1]@try ~> thread[1]@cs",
            "liveness free_often:",
            "  []<>(!taken)",
        ])
    }

    func testDuplicateLivenessName() {
        assertModelError(.duplicateName, mentions: ["'progress'", "twice"], at: SourceLocation(file: "M.swift", line: 9)) {
            try self.spinLock { _ in Liveness("progress", file: "M.swift", line: 9) { Eventually(true) } }
        }
    }

    func testLivenessNamedLikeAnInvariant() {
        let e = assertModelError(.duplicateName, mentions: ["'fine'", "invariant"],
                                 at: SourceLocation(file: "M.swift", line: 4)) {
            try self.spinLock { _ in
                Invariant("fine") { true }
                Liveness("fine", file: "M.swift", line: 4) { Eventually(true) }
            }
        }
        XCTAssertEqual(e?.description.contains("\n"), false, "one line")
    }

    func testQuantifiedOverAnUnknownKind() {
        assertModelError(.unknownVariable, mentions: ["liveness property 'l'", "'vcpu'", "valid: thread, watcher"],
                         at: SourceLocation(file: "M.swift", line: 2)) {
            try self.spinLock { _ in
                Liveness("l", forAll: "vcpu", file: "M.swift", line: 2) { v in Eventually(v.finished) }
            }
        }
    }

    func testNonBooleanCondition() {
        assertModelError(.typeMismatch, mentions: ["liveness property 'n'", "the right side of LeadsTo", "not bool"],
                         at: SourceLocation(file: "M.swift", line: 3)) {
            try self.spinLock { _ in
                Liveness("n", file: "M.swift", line: 3) { LeadsTo(true, Expr.int(3) + 1) }
            }
        }
    }

    func testUnknownLabelInAProperty() {
        assertModelError(.unknownLabel, mentions: ["'crit'", "valid: try, cs"], at: SourceLocation(file: "M.swift", line: 5)) {
            try self.spinLock { _ in
                Liveness("u", forAll: "thread", file: "M.swift", line: 5) { t in Eventually(t.at("crit")) }
            }
        }
    }

    func testSelectingPropertiesKeepsTheNamedOnesAndRejectsUnknownNames() throws {
        let p = try spinLock { _ in Invariant("sane") { true } }
        XCTAssertEqual(p.propertyNames, ["sane", "progress", "free_often"])
        let only = try p.selectingProperties(["free_often"])
        XCTAssertEqual(only.propertyNames, ["free_often"])
        assertModelError(.unknownProperty, mentions: ["no property 'nope'", "valid: sane, progress, free_often"], at: nil) {
            try p.selectingProperties(["sane", "nope"])
        }
    }
}
