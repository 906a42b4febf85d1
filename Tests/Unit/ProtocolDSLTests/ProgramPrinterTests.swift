import XCTest
@testable import ProtocolDSL

final class ProgramPrinterTests: XCTestCase {
    private func smallModel() throws -> Program {
        try instantiate("printer") { _ in
            let ready = Global("ready", .bool)
            let count = Global("count", .u8, initial: .value(3))
            let m = Mutex("m")
            ready
            count
            m
            let mine = Local("mine", .i16, initial: .value(-2))
            Process("worker", instances: 2) {
                mine
                Acquire("take", m)
                Step("work", await: ready) {
                    count <- count + 1
                    If(count == 5) {
                        Goto("drop")
                    } else: {
                        mine <- -1
                    }
                }
                Step("skip") { ready <- false }
                Step("drop") {
                    Release(m)
                    Terminate()
                }
            }
            Invariant("bounded", forAll: "worker") { i in i.local("mine") < 10 }
        }
    }

    func testRendersStepsWithTheirLabelsInOrder() throws {
        let text = ProgramPrinter(try smallModel()).render()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = [
            "globals:",
            "  ready: bool = false",
            "  count: u8 = 3",
            "  m: mutex",
            "process worker x2:",
            "  local mine: i16 = -2",
            "  take: acquire m (exclusive)",
            "  work: await ready",
            "    count <- (u8)((i32)count + 1)",
            "    if (i32)count == 5 {",
            "      goto drop",
            "    } else {",
            "      mine <- -1",
            "    }",
            "  skip:",
            "    ready <- false",
            "  drop:",
            "    release m",
            "    terminate",
            "invariant bounded:",
            "  [worker[0]] (i32)worker[0].mine < 10",
            "  [worker[1]] (i32)worker[1].mine < 10",
        ]
        XCTAssertEqual(lines.count, expected.count, text)
        // Conversions the C rules insert are printed as casts.
        for (got, want) in zip(lines, expected) {
            XCTAssertEqual(got, want, "in:\n\(text)")
        }
    }

    func testStepLabelsAndLocationsAreKept() throws {
        let p = try smallModel()
        XCTAssertEqual(p.kinds[0].steps.map(\.label), ["take", "work", "skip", "drop"])
        XCTAssertEqual(p.kinds[0].step(labelled: "drop"), 3)
        XCTAssertTrue(p.kinds[0].steps.allSatisfy { $0.location.file == #fileID })
        XCTAssertEqual(p.kinds[0].steps.map(\.fallthroughStep), [1, 2, 3, 4])
        XCTAssertEqual(p.instanceName(1), "worker[1]")
        XCTAssertEqual(p.instanceIndex(kind: "worker", index: 1), 1)
        XCTAssertNil(p.instanceIndex(kind: "worker", index: 2))
    }

    func testGotoAndAtRenderTheTargetLabel() throws {
        let p = try smallModel()
        let printer = ProgramPrinter(p)
        XCTAssertEqual(printer.render([.goto(2), .goto(4)], kind: 0, indent: ""), ["goto skip", "goto done"])
        XCTAssertEqual(printer.render(.pcIs(instance: 1, step: 0), kind: nil), "worker[1]@take")
        XCTAssertEqual(printer.render(.pcIs(instance: 0, step: 4), kind: nil), "worker[0]@done")
    }
}
