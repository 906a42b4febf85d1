import Interleaving
import KVMMMU
import XCTest

/// `kvm_mmu_zap_all_fast` on the real MMU (`KVM.zapAllFast`): the root is invalidated, its SPTEs
/// are zapped, and a fault on the obsolete root retries only with `fault_checks_root`
/// (a955cad84cda), otherwise it maps into the invalidated root.
final class ZapAllFastTests: XCTestCase {
    func kvm(checksRoot: Bool) -> KVM {
        var variant = ProtocolVariant()
        variant.faultChecksRoot = checksRoot
        return KVM(KVMConfiguration(vcpus: 1, variant: variant, guestPages: 4, physicalFrames: 64, apicAccessPage: false),
                   points: SchedulePoints())
    }

    func testTheFastZapInvalidatesTheRootAndZapsItsSPTEs() {
        let kvm = kvm(checksRoot: true)
        for gfn: GFN in [0, 1, 3] { XCTAssertEqual(kvm.pageFault(vcpu: 0, gfn: gfn), .fixed) }
        XCTAssertFalse(kvm.roots.isObsolete)
        kvm.zapAllFast()
        XCTAssertTrue(kvm.roots.isObsolete)
        XCTAssertTrue(kvm.roots.invalidatedRootZapped)
        XCTAssertTrue(kvm.tdp.presentLeaves().isEmpty)
        XCTAssertNil(kvm.violation(of: .invalidatedRootEmpty))
    }

    /// After the zap, a fault that still uses the obsolete root (no vCPU reloads here) maps into
    /// it unless it checks the root: the state a955cad84cda rules out.
    func testAFaultOnTheObsoleteRootRetriesOnlyWhenItChecksTheRoot() {
        for checksRoot in [true, false] {
            let kvm = kvm(checksRoot: checksRoot)
            kvm.zapAllFast()
            let outcome = kvm.pageFault(vcpu: 0, gfn: 2)
            XCTAssertEqual(outcome, checksRoot ? .retry : .fixed, "fault_checks_root=\(checksRoot)")
            XCTAssertEqual(kvm.violation(of: .invalidatedRootEmpty) == nil, checksRoot, "fault_checks_root=\(checksRoot)")
        }
    }
}
