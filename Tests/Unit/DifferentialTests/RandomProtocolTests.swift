import ModelChecker
import ProtocolDSL
import RandomProtocols
import XCTest

/// The random protocol generator is deterministic and draws every feature the campaign is about.
final class RandomProtocolTests: XCTestCase {
    func testTheSameSeedGivesTheSameProtocol() throws {
        for seed in [UInt64(0), 7, 123_456_789] {
            let a = ProgramPrinter(try RandomProtocol(seed: seed).program()).render()
            let b = ProgramPrinter(try RandomProtocol(seed: seed).program()).render()
            XCTAssertEqual(a, b, "seed \(seed)")
        }
        let different = Set(try (0..<20).map { ProgramPrinter(try RandomProtocol(seed: $0).program()).render() })
        XCTAssertEqual(different.count, 20, "20 seeds should give 20 different protocols")
    }

    func testEverySeedGivesAValidProtocolOfTwoOrThreeProcesses() throws {
        for seed in UInt64(0)..<300 {
            let p = try RandomProtocol(seed: seed).program()
            XCTAssertTrue((2...3).contains(p.instances.count), "seed \(seed): \(p.instances.count) processes")
        }
    }

    /// Features of a program, found in its IR.
    struct Features: OptionSet {
        let rawValue: Int
        static let sharedHold = Features(rawValue: 1 << 0)
        static let exclusiveHold = Features(rawValue: 1 << 1)
        static let retake = Features(rawValue: 1 << 2)
        static let loop = Features(rawValue: 1 << 3)
        static let choose = Features(rawValue: 1 << 4)
        static let initialChoice = Features(rawValue: 1 << 5)
        static let computedIndex = Features(rawValue: 1 << 6)
        static let locationInvariant = Features(rawValue: 1 << 7)
        static let localInvariant = Features(rawValue: 1 << 8)
        static let signedNarrow = Features(rawValue: 1 << 9)
        static let unsignedNarrow = Features(rawValue: 1 << 10)
        static let wide = Features(rawValue: 1 << 11)
        static let family = Features(rawValue: 1 << 12)
    }

    static func features(_ p: Program) -> Features {
        var f: Features = []
        func expr(_ e: TExpr, _ f: inout Features) {
            switch e {
            case .globalElement(_, let i, _), .localElement(_, _, let i, _):
                if case .const = i {} else { f.insert(.computedIndex) }
                expr(i, &f)
            case .pcIs: f.insert(.locationInvariant)
            case .local(_, .fixed, _): f.insert(.localInvariant)
            case .unary(_, let a, _), .convert(let a, _): expr(a, &f)
            case .binary(_, let a, let b, _, _): expr(a, &f); expr(b, &f)
            case .ite(let c, let a, let b, _): expr(c, &f); expr(a, &f); expr(b, &f)
            default: break
            }
        }
        func stmts(_ body: [TStmt], at step: Int, _ f: inout Features) {
            for s in body {
                switch s {
                case .assign(let lv, let e):
                    if let i = lv.index { expr(i, &f) }
                    expr(e, &f)
                case .ifElse(let c, let a, let b):
                    expr(c, &f)
                    stmts(a, at: step, &f)
                    stmts(b, at: step, &f)
                case .goto(let target): if target <= step { f.insert(.loop) }
                case .choose: f.insert(.choose)
                default: break
                }
            }
        }
        for kind in p.kinds {
            if kind.instances > 1 { f.insert(.family) }
            var acquired: [Int: Int] = [:]
            for (n, step) in kind.steps.enumerated() {
                if let a = step.acquire {
                    f.insert(a.mode == .shared ? .sharedHold : .exclusiveHold)
                    acquired[a.lock, default: 0] += 1
                }
                stmts(step.body, at: n, &f)
            }
            if acquired.values.contains(where: { $0 > 1 }) { f.insert(.retake) }
        }
        let variables = p.globals + p.kinds.flatMap(\.locals)
        if variables.contains(where: { $0.initial.contains { $0.lowerBound < $0.upperBound } }) { f.insert(.initialChoice) }
        for v in variables {
            switch v.type {
            case .int(let bits, true) where bits < 32: f.insert(.signedNarrow)
            case .int(let bits, false) where bits < 32: f.insert(.unsignedNarrow)
            case .int(let bits, let signed) where bits == 64 || !signed: f.insert(.wide)
            default: break
            }
        }
        for inv in p.invariants { for c in inv.clauses { expr(c.condition, &f) } }
        return f
    }

    /// Each feature of the campaign appears in at least 5 % of the first 200 protocols.
    func testTheGeneratorDrawsEveryFeature() throws {
        let all: [(String, Features)] = [
            ("shared hold", .sharedHold), ("exclusive hold", .exclusiveHold), ("drop and retake", .retake),
            ("Goto loop", .loop), ("Choose", .choose), (".any initial value", .initialChoice),
            ("computed array index", .computedIndex), ("invariant over a location", .locationInvariant),
            ("invariant over a local", .localInvariant), ("i8/i16", .signedNarrow), ("u8/u16", .unsignedNarrow),
            ("u32/u64/i64", .wide), ("a family of 2 or more", .family),
        ]
        var counts = Array(repeating: 0, count: all.count)
        for seed in UInt64(0)..<200 {
            let f = Self.features(try RandomProtocol(seed: seed).program())
            for (n, (_, feature)) in all.enumerated() where f.contains(feature) { counts[n] += 1 }
        }
        for (n, (name, _)) in all.enumerated() {
            XCTAssertGreaterThanOrEqual(counts[n], 10, "\(name) appears in only \(counts[n]) of 200 protocols")
        }
    }
}
