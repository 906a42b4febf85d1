import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import ModelChecker
import XCTest

/// `check --format svg`: a well-formed SVG with one lane per process and the violation marked.
final class SVGSwimlaneTests: XCTestCase {
    /// Collects the elements of an XML document.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elements.append((elementName, attributeDict))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    func parse(_ svg: String) throws -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        return collector
    }

    func testSVGIsWellFormedWithOneLanePerProcess() throws {
        let program = try Fixtures.program("notifier-invalidate", "no-retry")
        let trace = try Fixtures.trace(program, data: ["invalidator[0].lo": 0], Fixtures.notifierRace)
        let svg = SVGSwimlane().render(trace)
        let doc = try parse(svg)
        XCTAssertEqual(doc.elements.first?.name, "svg")
        let lanes = doc.elements.filter { $0.name == "g" && $0.attributes["class"] == "lane" }
        XCTAssertEqual(lanes.map { $0.attributes["data-process"] ?? "" }, trace.instances)
        let steps = doc.elements.filter { $0.name == "g" && ($0.attributes["class"] ?? "").hasPrefix("step") }
        XCTAssertEqual(steps.count, trace.steps.count, "one row per step")
        XCTAssertEqual(steps.map { $0.attributes["data-process"] ?? "" }, trace.steps.map(\.instanceName))
        let marked = steps.filter { $0.attributes["class"] == "step violation" }
        XCTAssertEqual(marked.map { $0.attributes["data-step"] }, [String(trace.steps.count)], "only the last step is marked")
        for step in trace.steps { XCTAssertTrue(doc.text.contains(step.label)) }
        XCTAssertTrue(doc.text.contains("mmu_notifier_count: 0 → 1"), "changed variables are shown")
        XCTAssertTrue(doc.text.contains("spte_coherent"))
    }

    func testSpecialCharactersAreEscaped() throws {
        XCTAssertEqual(SVGSwimlane.escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;")
    }
}
