import Foundation
import TestGen
import XCTest

/// The writer replaces stale generated files and never touches hand-written ones.
final class GeneratedFileWriterTests: XCTestCase {
    func testWriteRemovesOnlyStaleGeneratedFilesInScope() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mmuspec-writer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = GeneratedFileWriter(directory: dir)
        let marker = ReplayTestEmitter.marker + "\n"
        try writer.write([GeneratedFile(name: "M_A_CE1Tests.swift", contents: marker + "a"),
                          GeneratedFile(name: "M_A_CE2Tests.swift", contents: marker + "a2"),
                          GeneratedFile(name: "M_B_CE1Tests.swift", contents: marker + "b")], scope: .all)
        try Data("// hand-written\n".utf8).write(to: dir.appendingPathComponent("Support.swift"))

        let removed = try writer.write([GeneratedFile(name: "M_A_CE1Tests.swift", contents: marker + "a'")],
                                       scope: .preset(model: "m", preset: "a"))
        XCTAssertEqual(removed, ["M_A_CE2Tests.swift"])
        XCTAssertEqual(try writer.existingGeneratedFiles(), ["M_A_CE1Tests.swift", "M_B_CE1Tests.swift"])
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("M_A_CE1Tests.swift"), encoding: .utf8), marker + "a'")

        XCTAssertEqual(try writer.write([], scope: .all), ["M_A_CE1Tests.swift", "M_B_CE1Tests.swift"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Support.swift").path),
                      "hand-written files are never removed")
    }
}
