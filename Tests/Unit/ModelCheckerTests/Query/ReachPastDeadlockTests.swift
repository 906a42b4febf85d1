import ModelChecker
import ProtocolDSL
import XCTest

/// A deadlock ends an execution; it does not hide a state that another execution reaches.
final class ReachPastDeadlockTests: XCTestCase {
    /// `stuck` waits forever once `a` took the flag first (a deadlock after 1 step); when `b`
    /// goes first, `done` becomes true after 2 steps.
    static let model = ProtocolModel("stuck", summary: "a deadlock beside a reachable state") { _ in
        let flag = Global("flag", .u8)
        let done = Global("done", .bool)
        flag
        done
        Process("a") { Step("take", await: flag == 0) { flag <- 1 } }
        Process("b") {
            Step("take", await: flag == 0) { flag <- 2 }
            Step("finish") { done <- true }
        }
    }

    func testTheConditionIsReachableInEveryEngine() throws {
        let p = try Self.model.instantiate(try Self.model.configuration())
        // check sees the deadlock as the shortest violation...
        guard case .violated(let ts) = try Engine.explicit.check(p, CheckOptions(maxDepth: 5)).0 else {
            return XCTFail("the deadlock is a violation for check")
        }
        XCTAssertEqual(ts[0].violation?.kind, .deadlock)
        // ...but a query for `done` finds it at 2 steps instead of stopping there.
        let doneVar = try XCTUnwrap(p.globals.firstIndex { $0.name == "done" })
        let query = ReachabilityQuery(program: p, condition: .global(doneVar, .bool))
        for engine in [Engine.explicit, .bmc] {
            guard case .reachable(let t) = try query.run(engine: engine, maxDepth: 5).0 else {
                XCTFail("\(engine): done is reachable")
                continue
            }
            XCTAssertEqual(t.steps.count, 2, "\(engine)")
        }
    }
}
