import ProtocolDSL
import XCTest

/// The progress properties a KVM model declares: none while a vCPU retries a bounded number of
/// times (a bounded vCPU always ends), and exactly `names` with `retry=forever`.
func assertProgressOnlyWhenRetryingForever(_ m: ProtocolModel, _ names: [String],
                                           file: StaticString = #filePath, line: UInt = #line) throws {
    func declared(_ overrides: [(String, String)]) throws -> [String] {
        try m.instantiate(try m.configuration(preset: "upstream", overrides: overrides)).liveness.map(\.name)
    }
    XCTAssertEqual(try declared([]), [], "\(m.name) upstream", file: file, line: line)
    XCTAssertEqual(try declared([("retry", "forever")]), names, "\(m.name) upstream, retry=forever", file: file, line: line)
}
