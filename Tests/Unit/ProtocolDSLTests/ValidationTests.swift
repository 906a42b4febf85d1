import XCTest
@testable import ProtocolDSL

/// Each mistake is reported as a `ModelError` of the right kind, naming the offending thing, at
/// the line of this file where it was written.
final class ValidationTests: XCTestCase {
    private func here(_ line: Int) -> SourceLocation { SourceLocation(file: #fileID, line: line) }

    // MARK: labels

    func testGotoToAMissingLabel() {
        let bad = Step("start") { Goto("nowhere") }; let line = #line
        assertModelError(.unknownLabel, mentions: ["'nowhere'", "step 'start'", "process 'p'", "valid: finish, start"],
                         at: here(line)) {
            try instantiate { _ in
                Process("p") {
                    bad
                    Step("finish")
                }
            }
        }
    }

    func testAtOfAMissingLabelInAnInvariant() {
        let inv = Invariant("never_there", forAll: "p") { i in !i.at("missing") }; let line = #line
        assertModelError(.unknownLabel, mentions: ["'missing'", "invariant 'never_there'", "process 'p'",
                                                   "valid: first, second"], at: here(line)) {
            try instantiate { _ in
                Process("p", instances: 2) {
                    Step("first")
                    Step("second")
                }
                inv
            }
        }
    }

    func testDuplicateLabel() {
        let second = Step("twice") { Terminate() }; let line = #line
        assertModelError(.duplicateLabel, mentions: ["'twice'", "process 'p'"], at: here(line)) {
            try instantiate { _ in
                Process("p") {
                    Step("twice")
                    Step("other")
                    second
                }
            }
        }
    }

    // MARK: types

    func testAssigningABoolToAU64() {
        let x = Global("x", .u64)
        let bad = Step("set") { x <- true }; let line = #line
        assertModelError(.typeMismatch, mentions: ["x", "bool", "u64", "step 'set'"], at: here(line)) {
            try instantiate { _ in
                x
                Process("p") { bad }
            }
        }
    }

    func testComparingAnEnumToAnInteger() {
        let state = Global("state", .enumeration("State", ["idle", "busy"]))
        let bad = Step("check") { Assert(state == 1, "state is busy") }; let line = #line
        assertModelError(.typeMismatch, mentions: ["state == 1", "State", "i64"], at: here(line)) {
            try instantiate { _ in
                state
                Process("p") { bad }
            }
        }
    }

    func testUnknownEnumCaseInAnExpression() {
        let state = Global("state", .enumeration("State", ["idle", "busy"]))
        let bad = Step("check") { If(state == "bogus") { Terminate() } }; let line = #line
        assertModelError(.typeMismatch, mentions: ["'bogus'", "State", "valid: idle, busy"], at: here(line)) {
            try instantiate { _ in
                state
                Process("p") { bad }
            }
        }
    }

    func testUnknownEnumCaseAsInitialValue() {
        let state = Global("state", .enumeration("State", ["idle", "busy"]), initial: .value("asleep")); let line = #line
        assertModelError(.typeMismatch, mentions: ["'asleep'", "State", "idle, busy"], at: here(line)) {
            try instantiate { _ in
                state
                Process("p") { Step("s") }
            }
        }
    }

    func testInitialValueOutsideTheType() {
        let small = Global("small", .u8, initial: .value(256)); let line = #line
        assertModelError(.typeMismatch, mentions: ["'small'", "256", "u8"], at: here(line)) {
            try instantiate { _ in
                small
                Process("p") { Step("s") }
            }
        }
    }

    func testNonBooleanCondition() {
        let n = Global("n", .u32)
        let bad = Step("wait", await: n); let line = #line
        assertModelError(.typeMismatch, mentions: ["await", "u32", "not bool"], at: here(line)) {
            try instantiate { _ in
                n
                Process("p") { bad }
            }
        }
    }

    // MARK: variables

    func testLocalNotDeclaredInTheProcess() {
        let mine = Local("mine", .u8)
        let bad = Step("steal") { mine <- 1 }; let line = #line
        assertModelError(.unknownVariable, mentions: ["'mine'", "process 'thief'"], at: here(line)) {
            try instantiate { _ in
                Process("owner") {
                    mine
                    Step("use") { mine <- 2 }
                }
                Process("thief") { bad }
            }
        }
    }

    func testLocalUsedInAnInvariantOutsideAProcess() {
        let mine = Local("mine", .u8)
        let inv = Invariant("small") { mine < 10 }; let line = #line
        assertModelError(.unknownVariable, mentions: ["'mine'", "outside a process", "invariant 'small'"],
                         at: here(line)) {
            try instantiate { _ in
                Process("owner") {
                    mine
                    Step("use")
                }
                inv
            }
        }
    }

    func testUnknownLocalOfAnInstanceInAnInvariant() {
        let mine = Local("mine", .u8)
        let inv = Invariant("small", forAll: "owner") { i in i.local("yours") < 10 }; let line = #line
        assertModelError(.unknownVariable, mentions: ["'yours'", "'owner'", "valid: mine"], at: here(line)) {
            try instantiate { _ in
                Process("owner") {
                    mine
                    Step("use")
                }
                inv
            }
        }
    }

    func testGlobalNotListedInTheBody() {
        let ghost = Global("ghost", .bool)
        let bad = Step("touch") { ghost <- true }; let line = #line
        assertModelError(.unknownVariable, mentions: ["'ghost'", "step 'touch'"], at: here(line)) {
            try instantiate { _ in
                Process("p") { bad }
            }
        }
    }

    func testDuplicateGlobal() {
        let first = Global("x", .u8)
        let second = Global("x", .u64); let line = #line
        assertModelError(.duplicateName, mentions: ["global 'x'", "twice"], at: here(line)) {
            try instantiate { _ in
                first
                second
                Process("p") { Step("s") }
            }
        }
    }

    func testGlobalNamedLikeALockDeclaredBefore() {
        let lock = Mutex("m")
        let clash = Global("m", .bool); let line = #line
        assertModelError(.duplicateName, mentions: ["'m'"], at: here(line)) {
            try instantiate { _ in
                lock
                clash
                Process("p") { Step("s") }
            }
        }
    }

    func testLockNamedLikeAGlobalDeclaredBefore() {
        let g = Global("m", .bool)
        let clash = Mutex("m"); let line = #line
        assertModelError(.duplicateName, mentions: ["'m'"], at: here(line)) {
            try instantiate { _ in
                g
                clash
                Process("p") { Step("s") }
            }
        }
    }

    // MARK: structure

    func testEmptyModel() {
        assertModelError(.emptyModel, mentions: ["'lonely'", "no process"], at: nil) {
            try instantiate("lonely") { _ in
                Global("x", .u8)
            }
        }
    }

    func testProcessWithoutSteps() {
        let idle = Local("idle_count", .u8)
        let proc = Process("idle") { idle }; let line = #line
        assertModelError(.invalid, mentions: ["process 'idle'", "no step"], at: here(line)) {
            try instantiate { _ in
                proc
                Process("busy") { Step("work") }
            }
        }
    }

    func testProcessWithNoInstances() {
        let proc = Process("nobody", instances: 0) { Step("s") }; let line = #line
        assertModelError(.invalid, mentions: ["process 'nobody'", "at least 1"], at: here(line)) {
            try instantiate { _ in proc }
        }
    }

    func testAcquireOfAnUndeclaredLock() {
        let m = Mutex("mmu_lock")
        let bad = Acquire("take", m); let line = #line
        assertModelError(.unknownLock, mentions: ["'mmu_lock'", "step 'take'"], at: here(line)) {
            try instantiate { _ in
                Process("p") { bad }
            }
        }
    }

    func testReleaseOfAnUndeclaredLock() {
        let declared = Mutex("a")
        let other = RWLock("b")
        let bad = Step("drop") { Release(other) }; let line = #line
        assertModelError(.unknownLock, mentions: ["'b'", "step 'drop'"], at: here(line)) {
            try instantiate { _ in
                declared
                Process("p") {
                    Acquire("take", declared)
                    bad
                }
            }
        }
    }

    func testMutexInSharedMode() {
        let m = Mutex("m")
        let bad = Acquire("take", m, .shared); let line = #line
        assertModelError(.invalid, mentions: ["mutex 'm'", "shared"], at: here(line)) {
            try instantiate { _ in
                m
                Process("p") { bad }
            }
        }
    }

    func testStrayExpressionInAProtocolBody() {
        let x = Global("x", .u8)
        assertModelError(.invalid, mentions: ["x + 1"], at: nil) {
            try instantiate { _ in
                x
                x + 1
                Process("p") { Step("s") }
            }
        }
    }

    func testErrorDescriptionLeadsWithTheLocation() {
        let e = ModelError(.unknownLabel, "it is missing", at: SourceLocation(file: "M/Model.swift", line: 12))
        XCTAssertEqual(e.description, "M/Model.swift:12: unknown label: it is missing")
        XCTAssertEqual(ModelError(.emptyModel, "nothing").description, "empty model: nothing")
    }
}
