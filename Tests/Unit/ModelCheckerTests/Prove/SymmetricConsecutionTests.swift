@testable import ModelChecker
import Models
import ProtocolDSL
import SMT
import XCTest

/// The symmetric cut of the consecution check (`SymmetricConsecution`): on candidate invariants
/// that are inductive and on ones that are not, it gives the verdict of the full check.
final class SymmetricConsecutionTests: XCTestCase {
    func program(_ model: String, _ preset: String, vcpus: Int) throws -> Program {
        let m = try ModelCatalog.model(named: model)
        return try Prover(model: m, configuration: try m.configuration(preset: preset, overrides: [("vcpus", "\(vcpus)")]))
            .program
    }

    /// Candidates projected from subsets of the 2-vCPU reachable states (no vCPU past step p,
    /// for each p, and all of them), on one- and two-member views, checked at 4 vCPUs both ways.
    /// `scalarsets`: the family's stored ids, renamed with the members (tdp-shared-fault's pages).
    func assertAgreement(_ model: String, _ preset: String, scalarsets: Bool,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        let small = try program(model, preset, vcpus: 2), large = try program(model, preset, vcpus: 4)
        guard case .complete(let states) = ReachableStates(program: small).explore(stateLimit: 200_000, deadline: nil) else {
            return XCTFail("exploration did not complete", file: file, line: line)
        }
        let symmetry = Symmetry(small)
        let sets = scalarsets ? symmetry.scalarsets.compactMap { $0 } : []
        let source = InstanceSlots(layout: StateLayout(small), familyKinds: [0], scalarsets: sets)
        let target = InstanceSlots(layout: StateLayout(large), familyKinds: [0], scalarsets: sets)
        let pcs = source.layout.pcSlot.prefix(2)
        var verdicts: [Bool] = []
        for p in 0...small.kinds[0].steps.count {
            let subset = states.filter { s in pcs.allSatisfy { s[$0] <= UInt64(p) } }
            for members in 1...2 {
                let candidate = ProjectedInvariant(states: subset, source: source,
                                                   views: [ProjectedInvariant.View(memberKinds: Array(repeating: 0, count: members))])
                func holds(reduced: Bool) throws -> Bool {
                    let ctx = Z3Context()
                    let s = Encoder(context: ctx, layout: target.layout).stateVariables("s")
                    let inv = candidate.formula(at: target, over: s, in: ctx)
                    let reduction = reduced ? SymmetricConsecution(slots: target).reduction(of: candidate, and: [], over: s, in: ctx)
                        : nil
                    do {
                        _ = try CertificateChecker(layout: target.layout, tactics: CertificateChecker.bitBlastTactics)
                            .recheckInvariant(inv, over: s, reduction: reduction)
                        return true
                    } catch let r as CertificateChecker.Rejected where r.result == .sat {
                        return false
                    }
                }
                let full = try holds(reduced: false)
                XCTAssertEqual(try holds(reduced: true), full, "no vcpu past step \(p), \(members)-member views",
                               file: file, line: line)
                verdicts.append(full)
            }
        }
        // Both verdicts occur, so the agreement says something.
        XCTAssertTrue(verdicts.contains(true) && verdicts.contains(false), "\(verdicts)", file: file, line: line)
    }

    func testTheCutAgreesWithTheFullCheckOnAPICAccessZap() throws {
        try assertAgreement("apic-access-zap", "upstream", scalarsets: false)
    }

    func testTheCutAgreesWithTheFullCheckWhenMembersStoreTheirIDs() throws {
        try assertAgreement("tdp-shared-fault", "upstream", scalarsets: true)
    }

    /// At 16 members the cut keeps, for a step of the first member, that member's conjunct and
    /// one other's (2 of 16), and of the 120 pairs those of the first with one other and of two
    /// others (2); a step outside the family adds nothing new.
    func testTheRepresentativesAreOnePerOrbitOfTheMoversStabilizer() throws {
        let p = try program("apic-access-zap", "upstream", vcpus: 16)
        let slots = InstanceSlots(layout: StateLayout(p), familyKinds: [0])
        let cut = SymmetricConsecution(slots: slots)
        let vcpus = slots.members(ofKind: 0)
        XCTAssertEqual(cut.movers, Set([vcpus[0]] + p.instances.indices.filter { p.instances[$0].kind != 0 }))
        XCTAssertEqual(vcpus.filter { cut.isRepresentative([$0]) }, [vcpus[0], vcpus[1]])
        let pairs = ProjectedInvariant.assignments([0, 0], slots, ordered: false).filter(cut.isRepresentative)
        XCTAssertEqual(pairs, [[vcpus[0], vcpus[1]], [vcpus[1], vcpus[2]]])
    }
}
