@testable import ModelChecker
import Models
import ProtocolDSL
import RandomProtocols
import SMT
import XCTest

/// BMC's symmetry breaking (`SymmetryBreaking`): its rules hold in the encoding, it is added
/// exactly when the program has families, and BMC with and without it gives the same verdict,
/// the same shortest length and the same completeness, on the KVM models, on symmetric lock
/// protocols and on deliberately asymmetric ones.
final class BMCSymmetryBreakingTests: XCTestCase {
    /// What must agree: the verdict, the shortest length, and for "holds" the depth and completeness.
    enum Answer: Equatable {
        case violated(length: Int)
        case holds(depth: Int, complete: Bool)
        case unknown
        case proved
    }

    func answer(_ o: CheckOutcome) -> Answer {
        switch o {
        case .violated(let t): return .violated(length: t[0].steps.count)
        case .holds(let d, let c): return .holds(depth: d, complete: c)
        case .unknown: return .unknown
        case .proved: return .proved
        }
    }

    /// Runs BMC with and without symmetry breaking up to `depth`; asserts they agree and that
    /// constraints were added exactly when the program has families. Returns the answer.
    @discardableResult
    func assertAgree(_ p: Program, depth: Int, _ what: String) throws -> Answer {
        let plain = try BoundedChecker(program: p).search(CheckOptions(maxDepth: depth, symmetry: false))
        let reduced = try BoundedChecker(program: p).search(CheckOptions(maxDepth: depth))
        let a = answer(plain.outcome)
        XCTAssertNotEqual(a, .unknown, what)
        XCTAssertEqual(answer(reduced.outcome), a, "\(what): symmetry breaking changed the answer")
        XCTAssertEqual(plain.symmetryConstraints, 0, "\(what): constraints although --no-symmetry")
        if Symmetry(p).isTrivial {
            XCTAssertEqual(reduced.symmetryConstraints, 0, "\(what): constraints without a family")
        } else {
            XCTAssertGreaterThan(reduced.symmetryConstraints, 0, "\(what): no constraints for \(Symmetry(p).families)")
        }
        return a
    }

    /// A program without families: no constraints in a short search (its answers are the plain
    /// search's by construction, so the long comparison is left to programs with families).
    func assertNoFamily(_ p: Program, _ what: String) throws {
        XCTAssertTrue(Symmetry(p).isTrivial, "\(what): \(Symmetry(p).families)")
        XCTAssertEqual(try BoundedChecker(program: p).search(CheckOptions(maxDepth: 3)).symmetryConstraints, 0, what)
    }

    func program(_ m: ProtocolModel, _ preset: String? = nil, _ overrides: [(String, String)] = []) throws -> Program {
        try m.instantiate(try m.configuration(preset: preset, overrides: overrides))
    }

    // MARK: the rules, in the encoding

    /// Whether some execution takes its steps by the instances `order`, with or without the constraints.
    func feasible(_ p: Program, _ order: [Int], breaking: Bool) throws -> Bool {
        let ctx = Z3Context()
        let solver = Solver(context: ctx, logic: "QF_BV")
        let enc = Encoder(context: ctx, layout: StateLayout(p))
        var symmetry = breaking ? SymmetryBreaking(Symmetry(p), encoder: enc) : nil
        if breaking { XCTAssertNotNil(symmetry, "no family in \(p.configuration)") }
        var state = enc.initialState(solver)
        for (t, i) in order.enumerated() {
            let en = enc.transitions.indices.map { enc.enabled(state, $0) }
            let (next, vars) = enc.step(from: state, enabled: en, t: t, solver, oneHot: true)
            symmetry?.constrain(vars, from: state, ctx, solver)
            solver.assert(BoolTerm.or(enc.transitions.indices.filter { enc.transitions[$0].instance == i }
                .map { vars.picks[$0] }, in: ctx))
            state = next
        }
        return try solver.check() == .sat
    }

    func testFirstStepsComeInMemberOrder() throws {
        let p = try program(SymmetryBreakingModels.spinners(threads: 3, loop: false))
        XCTAssertEqual(Symmetry(p).families, [[0, 1, 2]])
        for order in [[1], [2], [0, 2], [0, 0, 2]] {
            XCTAssertTrue(try feasible(p, order, breaking: false), "\(order) is an execution")
            XCTAssertFalse(try feasible(p, order, breaking: true), "\(order) starts a member before a lower one")
        }
        for order in [[0], [0, 1], [0, 1, 2], [0, 0, 1], [0, 1, 0]] {
            XCTAssertTrue(try feasible(p, order, breaking: true), "\(order) is in order")
        }
    }

    func testOfTwoMembersInTheSameLocalStateTheLowerMoves() throws {
        // After thread 0 and thread 1 each take step a, both are at b with no locals: only thread 0 moves.
        let twoSteps = try program(SymmetryBreakingModels.spinners(threads: 2, loop: false))
        XCTAssertTrue(try feasible(twoSteps, [0, 1, 1], breaking: false))
        XCTAssertFalse(try feasible(twoSteps, [0, 1, 1], breaking: true))
        XCTAssertTrue(try feasible(twoSteps, [0, 1, 0], breaking: true))
        // A spinner is back in its initial local state after each step: thread 1, started or not,
        // never moves while it equals thread 0.
        let spin = try program(SymmetryBreakingModels.spinners(threads: 2, loop: true))
        XCTAssertTrue(try feasible(spin, [0, 1], breaking: false))
        XCTAssertFalse(try feasible(spin, [0, 1], breaking: true))
        XCTAssertTrue(try feasible(spin, [0, 0, 0], breaking: true))
        // Different locals make them different: ticket holders are not interchangeable.
        // Different locals make members different: reader 0 starts before the writer's begin and
        // reader 1 after it, so both are at read_a with different snapshots, and reader 1 may go on.
        let readers = try program(SymmetryBreakingModels.sequenceReaders(readers: 2, recheck: true))
        XCTAssertEqual(Symmetry(readers).families, [[1, 2]])
        XCTAssertTrue(try feasible(readers, [1, 0, 2, 2], breaking: true))
        XCTAssertFalse(try feasible(readers, [1, 2, 2], breaking: true), "same snapshot: reader 0 reads first")
    }

    // MARK: agreement

    /// Presets are searched to depth 24 (past every shortest violation), except where deep BMC
    /// takes minutes: the presets that hold, and notifier-invalidate with two invalidators
    /// (range-overwrite's violation is 21 steps deep), go to depth 12, where both sides must
    /// say "holds" with the same depth and completeness; so do the presets with liveness
    /// properties (safe, retrying without bound), at 1 and 2 vCPUs only. At 1 vCPU no model has a family.
    /// apic-access-zap's presets at 2 vCPUs are among its flag combinations (next test).
    /// At 3 vCPUs the presets that hold and notifier-invalidate's run with MMUSPEC_SLOW_TESTS=1 only.
    /// `Benchmarks/bmc_symmetry.sh` compares deeper and wider.
    func testKVMPresetsAgreeAtOneToThreeVCPUs() throws {
        for model in ModelCatalog.replayable {
            for preset in model.presets {
                for n in 1...3 {
                    if n == 3, !SlowTests.enabled, preset.expected == .holds || model.name == "notifier-invalidate" {
                        continue
                    }
                    let p = try program(model, preset.name, [("vcpus", String(n))])
                    let what = "\(model.name) \(preset.name) \(n) vCPUs"
                    // One vCPU: a family only where another kind has several members
                    // (notifier-invalidate's two invalidators, a scalarset).
                    if n == 1 && Symmetry(p).isTrivial {
                        try assertNoFamily(p, what)
                        continue
                    }
                    if model.name == APICAccessZap.model.name && n == 2 { continue }
                    // gfn-invalidate: 15-30 s per run at depth 12 in a release build; with MMUSPEC_SLOW_TESTS=1.
                    if model.name == "gfn-invalidate" && !SlowTests.enabled {
                        continue
                    }
                    // A preset with liveness properties (retry=forever) is safe and loops without
                    // bound: BMC to depth 24 took most of half an hour there; depth 12, at 2 vCPUs.
                    let liveness = !p.liveness.isEmpty
                    if liveness && n == 3 { continue }
                    let deep = preset.expected == .violated && !liveness
                        && p.configuration.parameters["invalidators", default: 1] < 2
                    let a = try assertAgree(p, depth: deep ? 24 : 12, what)
                    if case .violated = a, preset.expected == .holds { XCTFail("\(what): violated") }
                }
            }
        }
    }

    /// Every apic-access-zap flag combination at 1 and 2 vCPUs, and at 3 the combinations with
    /// `fault_lock=read` and `zap_lock=read` (a fixed quarter: the shared-lock races, where the
    /// vCPUs interleave most), to depth 16; without MMUSPEC_SLOW_TESTS=1 only two of that quarter
    /// (every other flag true, and every other flag false: about 25 s less in a debug build).
    /// `Benchmarks/bmc_symmetry.sh` with `FULL=1` runs all 96 to depth 24.
    func testApicFlagCombinationsAgree() throws {
        let model = APICAccessZap.model
        for n in 1...3 {
            for (bits, flags) in ApicFlagCombinations.all(vcpus: n).enumerated() {
                if n == 3, !(flags.contains { $0 == ("fault_lock", "read") } && flags.contains { $0 == ("zap_lock", "read") }) {
                    continue
                }
                if n == 3, !SlowTests.enabled, ![0, 28].contains(bits) { continue }
                let p = try model.instantiate(try model.configuration(overrides: flags))
                if n == 1 {
                    try assertNoFamily(p, "\(flags)")
                } else {
                    try assertAgree(p, depth: 16, "\(flags)")
                }
            }
        }
    }

    func testTicketLocksAndSequenceReadersAgree() throws {
        for n in 2...3 {
            XCTAssertEqual(try assertAgree(try program(SymmetryBreakingModels.ticketLock(threads: n, atomicTake: true)),
                                           depth: 30, "ticket fetch-add \(n)"),
                           .holds(depth: 3 * n, complete: true))
            let racy = try assertAgree(try program(SymmetryBreakingModels.ticketLock(threads: n, atomicTake: false)),
                                       depth: 30, "ticket load-store \(n)")
            XCTAssertEqual(racy, .violated(length: 6), "both load ticket 0, both store, both enter")
            try assertAgree(try program(SymmetryBreakingModels.sequenceReaders(readers: n, recheck: false)),
                            depth: 20, "readers without recheck \(n)")
            try assertAgree(try program(SymmetryBreakingModels.sequenceReaders(readers: n, recheck: true)),
                            depth: 12, "readers with recheck \(n)")
        }
        // The repository's seqlock has one reader and one writer: no family, no constraints.
        for preset in Seqlock.model.presets {
            let p = try program(Seqlock.model, preset.name)
            XCTAssertTrue(Symmetry(p).isTrivial)
            try assertAgree(p, depth: 20, "seqlock \(preset.name)")
        }
    }

    /// Each asymmetric model's violation needs thread 1 before thread 0, which the reduction,
    /// wrongly applied, would rule out: `Symmetry` must give no family, BMC adds nothing, and
    /// the violation is found at the length the explicit search finds.
    func testAsymmetricModelsGetNoFamilyAndKeepTheirViolations() throws {
        let cases: [(ProtocolModel, Int)] = [
            (SymmetryBreakingModels.readsSelfIndex, 1),
            (SymmetryBreakingModels.invariantNamesAnInstance, 2),
            (SymmetryBreakingModels.kindNamesAnInstance, 3),
        ]
        for (model, length) in cases {
            let p = try program(model)
            XCTAssertEqual(Symmetry(p).families, [], model.name)
            XCTAssertEqual(try assertAgree(p, depth: 10, model.name), .violated(length: length), model.name)
            guard case .violated(let t) = try ExplicitChecker(program: p).check(CheckOptions(maxDepth: 10)) else {
                XCTFail("\(model.name): the explicit search finds no violation"); continue
            }
            XCTAssertEqual(t[0].steps.count, length, model.name)
        }
    }

    /// `--max-counterexamples`: with symmetry breaking BMC still returns distinct counterexamples
    /// (no two the same up to renaming the threads), shortest first, from the same shortest
    /// length; it enumerates a subset of the plain search's executions, so never more. Asked
    /// for more than one, it orders first steps only, so the shortest classes stay apart: the
    /// two racing threads' stores and entries in either order (the same-state rule, which
    /// permutes suffixes, would keep one of them).
    func testDistinctCounterexamplesStillWork() throws {
        let p = try program(SymmetryBreakingModels.ticketLock(threads: 3, atomicTake: false))
        func traces(_ symmetry: Bool) throws -> [Trace] {
            guard case .violated(let ts) = try BoundedChecker(program: p)
                .check(CheckOptions(maxDepth: 8, maxCounterexamples: 100, symmetry: symmetry)) else {
                XCTFail("no violation"); return []
            }
            return ts
        }
        let plain = try traces(false), reduced = try traces(true)
        XCTAssertLessThan(plain.count, 100, "the plain search was cut off")
        XCTAssertEqual(reduced.first?.steps.count, plain.first?.steps.count)
        XCTAssertEqual(reduced.map(\.steps.count), reduced.map(\.steps.count).sorted(), "shortest first")
        XCTAssertLessThanOrEqual(reduced.count, plain.count)
        let shortest = plain[0].steps.count
        XCTAssertEqual(reduced.filter { $0.steps.count == shortest }.count, plain.filter { $0.steps.count == shortest }.count)
        XCTAssertGreaterThan(reduced.filter { $0.steps.count == shortest }.count, 1)
        // The threads renamed in order of first appearance: equal for copies under symmetry.
        func canonical(_ t: Trace) -> [String] {
            var names: [String: String] = [:]
            return t.steps.map { s in
                if names[s.instanceName] == nil { names[s.instanceName] = "t\(names.count)" }
                return names[s.instanceName]! + "." + s.label
            }
        }
        XCTAssertEqual(Set(reduced.map(canonical)).count, reduced.count, "two copies under renaming")
    }

    /// A family whose members store their ids is ordered by first steps only: swapping two
    /// members in one local state renames the ids held elsewhere, so it need not fix the state.
    func testTheSameStateRuleIsOffForFamiliesThatStoreIDs() throws {
        let tdp = try program(TDPSharedFault.model, "upstream", [("vcpus", "3")])
        let apic = try program(APICAccessZap.model, "upstream", [("vcpus", "3")])
        let ctx = Z3Context()
        XCTAssertEqual(SymmetryBreaking(Symmetry(tdp), encoder: Encoder(context: ctx, layout: StateLayout(tdp)))?.sameState,
                       [false])
        XCTAssertEqual(SymmetryBreaking(Symmetry(apic), encoder: Encoder(context: ctx, layout: StateLayout(apic)))?.sameState,
                       [true])
    }
}
