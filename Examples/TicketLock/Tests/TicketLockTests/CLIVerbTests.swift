import Foundation
import XCTest

/// Every verb of this package's own `mmuspec` works on its own model, from outside MMUSpec.
final class CLIVerbTests: XCTestCase {
    /// The built `ticketlock-mmuspec`, beside the test bundle.
    static var executable: URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [dir, dir.deletingLastPathComponent()].map { $0.appendingPathComponent("ticketlock-mmuspec") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let p = Process()
        p.executableURL = Self.executable
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testEveryVerbOnTheTicketLock() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ticketlock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let cases: [([String], Int32, String)] = [
            (["list"], 0, "racy-take [violated]"),
            (["show", "ticket-lock", "--variant", "racy-take"], 0, "lock.store"),
            (["check", "ticket-lock", "--variant", "racy-take"], 1, "VIOLATED (invariant) in 8 steps"),
            (["check", "ticket-lock", "--variant", "racy-take", "--max-counterexamples", "2"], 1,
             "VIOLATED (deadlock) in 8 steps"),
            (["check", "ticket-lock", "--variant", "correct", "--set", "threads=3"], 0, "HOLDS"),
            (["prove", "ticket-lock", "--variant", "correct"], 0, "PROVED"),
            (["query", "ticket-lock", "--variant", "racy-take", "--reach", "inside == 2"], 0, "REACHABLE in 8 steps"),
            (["query", "ticket-lock", "--coverage"], 0, "every label is reachable"),
            (["explain", "ticket-lock", "--variant", "correct"], 0, "necessary (no other value keeps the property): take=fetch-add"),
            (["export", "ticket-lock", "--format", "promela"], 0, "proctype"),
            (["export", "ticket-lock", "--format", "smt2", "--depth", "3"], 0, "(check-sat)"),
            (["emit-tests", "ticket-lock", "--variant", "racy-take", "--out", out.path], 0, "TicketLock_RacyTake_CE1Tests.swift"),
            (["sweep", "ticket-lock", "--set", "take=fetch-add,load-store", "--set", "threads=1,2"], 1, "3 holds, 1 violated"),
        ]
        for (args, status, fragment) in cases {
            let r = try run(args)
            XCTAssertEqual(r.status, status, "\(args): \(r.stdout)")
            XCTAssertTrue(r.stdout.contains(fragment), "\(args) lacks '\(fragment)': \(r.stdout)")
        }
    }
}
