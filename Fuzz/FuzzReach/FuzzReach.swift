import FuzzSupport
import ModelChecker
import Models
import ProtocolDSL

/// Fuzz target: a `--reach` expression parsed, typed and decided on one of the catalog's models.
///
/// The first byte picks the model (its default configuration), the rest is the expression
/// (UTF-8). A finding (a crash libFuzzer keeps) is: a trap or stack overflow anywhere; a parse
/// error that is not a `ReachExpressionError` with a column inside the text; a typing error
/// that is not a `ModelError`; a typed expression whose rendering does not parse back to
/// itself; an engine error; or, on one input in eight (chosen by a hash of the input, so a
/// run is reproducible), the explicit engine and BMC disagreeing on the answer within 2 steps.
enum ReachTarget {
    /// The catalog's models with their default configurations and instantiated programs.
    static let models: [(model: ProtocolModel, configuration: Configuration, names: Program)] =
        ModelCatalog.all.map { m in
            let c = try! m.configuration()
            return (m, c, try! m.instantiate(c))
        }

    static func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = FuzzDriver.bytes(data, size)
        guard let first = bytes.first else { return 0 }
        let (model, configuration, names) = models[Int(first) % models.count]
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let parser = ReachExpressionParser(program: names)
        let expr: Expr
        do {
            expr = try parser.parse(text)
        } catch let e as ReachExpressionError {
            guard (1...(text.count + 1)).contains(e.column) else { FuzzDriver.finding("column \(e.column) outside the text: \(e)") }
            return 0
        } catch {
            FuzzDriver.finding("the parser threw \(error)")
        }
        let typed: (program: Program, condition: TExpr)
        do {
            typed = try model.instantiate(configuration, typing: expr, as: "the expression")
        } catch is ModelError {
            return 0
        } catch {
            FuzzDriver.finding("the typing threw \(error)")
        }
        let rendered = expr.rendered
        guard let again = try? parser.parse(rendered), again.rendered == rendered else {
            FuzzDriver.finding("'\(rendered)' does not parse back to itself")
        }
        let query = ReachabilityQuery(program: typed.program, condition: typed.condition)
        do {
            let (explicit, _) = try query.run(engine: .explicit, maxDepth: 2)
            guard hash(bytes) % 8 == 0 else { return 0 }
            let (bmc, _) = try query.run(engine: .bmc, maxDepth: 2)
            if case .unknown = bmc { return 0 }
            guard summary(explicit) == summary(bmc) else {
                FuzzDriver.finding("explicit says \(summary(explicit)), bmc \(summary(bmc)) for '\(text)'")
            }
        } catch {
            FuzzDriver.finding("an engine threw \(error)")
        }
        return 0
    }

    /// What both engines must agree on: the verdict and the witness's length.
    static func summary(_ a: ReachabilityQuery.Answer) -> String {
        switch a {
        case .reachable(let t): return "reachable in \(t.steps.count)"
        case .unreachable: return "unreachable"
        case .blocked(let t): return "blocked by \(t.violation?.kind.rawValue ?? "?") after \(t.steps.count)"
        case .unknown: return "unknown"
        }
    }

    /// FNV-1a of the input.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

#if FUZZING
/// libFuzzer's test function, for its own main.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReachTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReachTarget.test(data, size)
}
#endif

@main
enum FuzzReach {
    static func main() {
        FuzzDriver.run { ReachTarget.test($0, $1) }
    }
}
