@testable import ModelChecker
import Models
import ProtocolDSL
import SMT
import XCTest

/// The invisible engine: what it proves at scale, and that its re-check rejects a bad guess.
final class InvisibleProverTests: XCTestCase {
    func prover(_ model: String, _ preset: String, _ overrides: [(String, String)] = []) throws -> Prover {
        let m = try ModelCatalog.model(named: model)
        return try Prover(model: m, configuration: try m.configuration(preset: preset, overrides: overrides))
    }

    func testAPICUpstreamIsProvedAtSixteenVCPUsFromTheTwoVCPUInstance() throws {
        let outcome = try prover("apic-access-zap", "upstream", [("vcpus", "16")]).prove(engine: .invisible)
        guard case .proved(let cert) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(cert.engine, .invisible)
        XCTAssertTrue(cert.invariant[0].contains("2 vcpus, 1 inhibit"), cert.invariant[0])
        XCTAssertTrue(cert.invariant[0].contains("16 conjunct instances at 16 vcpus"), cert.invariant[0])
        XCTAssertTrue(cert.invariant.contains { $0.hasPrefix("for every vcpu i, one of") })
        XCTAssertEqual(cert.rechecked, ["Init => Inv", "Inv /\\ Trans => Inv' (only the steps of vcpu[0], inhibit[0]: by symmetry "
                                        + "every other vcpu's step is a renamed vcpu[0] step)", "Inv => !Bad"])
    }

    func testAViolationFoundWithTwoVCPUsIsReplayedAtSixteenBeforeItIsReported() throws {
        let outcome = try prover("apic-access-zap", "zap-read-lock", [("vcpus", "16")]).prove(engine: .invisible)
        guard case .violated(let detail) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(detail.contains("carries over to 16 vcpus"), detail)
    }

    func testWithoutFamiliesTheCandidateIsTheWholeReachableSet() throws {
        let outcome = try prover("seqlock", "correct").prove(engine: .invisible)
        guard case .proved(let cert) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(cert.invariant[0].contains("the reachable set of 1 writer, 1 reader"), cert.invariant[0])
    }

    func testInstancesThatReadTheirOwnIndexAreNotGeneralizedOver() throws {
        // notifier-invalidate's invalidators store selfIndex + 3 as the fresh pfn.
        let p = try prover("notifier-invalidate", "upstream", [("vcpus", "2")]).program
        let kinds = Interchangeable.kinds(of: p).map { p.kinds[$0].name }
        XCTAssertEqual(kinds, ["vcpu"])
    }

    /// A guess that leaves out reachable states must fail its re-check: the candidate built
    /// from the states where no vCPU is past fault.lock is not inductive.
    func testTheReCheckRejectsAnInvariantThatMissesReachableStates() throws {
        let p = try prover("apic-access-zap", "upstream", [("vcpus", "2")]).program
        guard case .complete(let states) = ReachableStates(program: p).explore(stateLimit: 100_000, deadline: nil) else {
            return XCTFail("exploration did not complete")
        }
        let layout = StateLayout(p)
        let lockStep = UInt64(p.kinds[0].step(labelled: "fault.retry_check")!)
        let early = states.filter { s in layout.pcSlot.prefix(2).allSatisfy { s[$0] < lockStep } }
        XCTAssertLessThan(early.count, states.count)
        let slots = InstanceSlots(layout: layout, familyKinds: [0])
        let candidate = ProjectedInvariant(states: early, source: slots,
                                           views: [ProjectedInvariant.View(memberKinds: [0])])
        let ctx = Z3Context()
        let s = Encoder(context: ctx, layout: layout).stateVariables("s")
        let inv = candidate.formula(at: slots, over: s, in: ctx)
        XCTAssertThrowsError(try CertificateChecker(layout: layout, tactics: CertificateChecker.bitBlastTactics)
            .recheckInvariant(inv, over: s)) { error in
            guard let r = error as? CertificateChecker.Rejected else { return XCTFail("\(error)") }
            XCTAssertEqual(r.obligation, "Inv /\\ Trans => Inv'")
            XCTAssertEqual(r.result, .sat)
        }
        // The same construction from every reachable state passes.
        let full = ProjectedInvariant(states: states, source: slots, views: [ProjectedInvariant.View(memberKinds: [0])])
        let ctx2 = Z3Context()
        let s2 = Encoder(context: ctx2, layout: layout).stateVariables("s")
        XCTAssertEqual(try CertificateChecker(layout: layout).recheckInvariant(full.formula(at: slots, over: s2, in: ctx2),
                                                                              over: s2).count, 3)
    }

    func testTDPUpstreamIsProvedAtSixteenVCPUsWithPageIdsWrittenRelativeToTheView() throws {
        // Each vCPU links its own page id (selfIndex + 1): a scalarset, renamed per view.
        let outcome = try prover("tdp-shared-fault", "upstream", [("vcpus", "16")]).prove(engine: .invisible)
        guard case .proved(let cert) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(cert.invariant[0].contains("16 conjunct instances at 16 vcpus"), cert.invariant[0])
        XCTAssertTrue(cert.invariant.contains("spte in {0, 1+i, 1+other}"), cert.invariant.joined(separator: "\n"))
        XCTAssertTrue(cert.invariant.contains("vcpu[i].sp in {0, 1+i}"), cert.invariant.joined(separator: "\n"))
    }

    func testTDPPlainStoreIsViolatedAtSixteenFromItsSmallInstance() throws {
        let outcome = try prover("tdp-shared-fault", "plain-store", [("vcpus", "16")]).prove(engine: .invisible)
        guard case .violated(let detail) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(detail.contains("carries over to 16 vcpus"), detail)
    }

    /// The renaming is what makes the guess carry over: the same one-member projection of the
    /// 2-vCPU states with ids kept as raw values says "spte is 0, 1 or 2", which 4 vCPUs break.
    func testPageIdsKeptAbsoluteDoNotCarryOverAndRenamedOnesDo() throws {
        let small = try prover("tdp-shared-fault", "upstream", [("vcpus", "2")]).program
        let big = try prover("tdp-shared-fault", "upstream", [("vcpus", "4")]).program
        guard case .complete(let states) = ReachableStates(program: small).explore(stateLimit: 100_000, deadline: nil),
              let ids = Symmetry(big).scalarsets.first ?? nil else {
            return XCTFail("no exploration or no scalarset")
        }
        let view = [ProjectedInvariant.View(memberKinds: [0])]
        func recheck(_ scalarsets: [Scalarset]) throws -> [String] {
            let source = InstanceSlots(layout: StateLayout(small), familyKinds: [0], scalarsets: scalarsets)
            let target = InstanceSlots(layout: StateLayout(big), familyKinds: [0], scalarsets: scalarsets)
            let candidate = ProjectedInvariant(states: states, source: source, views: view)
            let ctx = Z3Context()
            let s = Encoder(context: ctx, layout: target.layout).stateVariables("s")
            return try CertificateChecker(layout: target.layout, tactics: CertificateChecker.bitBlastTactics)
                .recheckInvariant(candidate.formula(at: target, over: s, in: ctx), over: s)
        }
        XCTAssertThrowsError(try recheck([])) { error in
            XCTAssertEqual((error as? CertificateChecker.Rejected)?.result, .sat, "\(error)")
        }
        XCTAssertEqual(try recheck([ids]).count, 3)
    }
}
