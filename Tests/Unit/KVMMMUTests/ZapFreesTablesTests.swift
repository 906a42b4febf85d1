import KVMMMU
import XCTest

/// Under the write lock, `kvm_zap_gfn_range` removes a non-leaf SPTE whose whole range it covers
/// and frees the page-table pages below it (`zap_gfn_range` -> `handle_removed_tdp_mmu_page`);
/// a range that covers only part of a table clears leaves and keeps the table.
final class ZapFreesTablesTests: XCTestCase {
    func makeKVM() -> KVM {
        KVM(KVMConfiguration(vcpus: 1, guestPages: 4, physicalFrames: 64, apicAccessPage: false))
    }

    /// The level-1 table holding gfns 0..<512 (the table the level-2 SPTE of gfn 0 links).
    func lastLevelTable(_ kvm: KVM) -> PFN? {
        kvm.vcpus[0].links.first { $0.level == 2 }?.sp
    }

    func testZapCoveringATableFreesItAndAFaultLinksANewOne() throws {
        let kvm = makeKVM()
        XCTAssertEqual(kvm.pageFault(vcpu: 0, gfn: 0), .fixed)
        XCTAssertEqual(kvm.pageFault(vcpu: 0, gfn: 1), .fixed)
        let table = try XCTUnwrap(lastLevelTable(kvm))
        XCTAssertEqual(kvm.memory.kind(of: table), .pageTable)

        kvm.zapGFNRange(0..<512)
        XCTAssertEqual(kvm.memory.kind(of: table), .free, "the zapped level-1 table must be freed")
        XCTAssertFalse(kvm.tdp.reachableTables().contains(table))
        XCTAssertFalse(kvm.tdp.leafSPTE(0).isPresent)
        XCTAssertTrue(kvm.vcpus[0].links.allSatisfy { $0.sp != table }, "a freed table's link record must go")
        XCTAssertEqual(kvm.checkInvariantsLocked(), [])

        XCTAssertEqual(kvm.pageFault(vcpu: 0, gfn: 0), .fixed)
        let relinked = try XCTUnwrap(lastLevelTable(kvm))
        XCTAssertEqual(kvm.memory.kind(of: relinked), .pageTable)
        XCTAssertTrue(kvm.tdp.leafSPTE(0).isPresent)
        XCTAssertEqual(kvm.checkInvariantsLocked(), [])
    }

    func testZapOfPartOfATableKeepsIt() throws {
        let kvm = makeKVM()
        XCTAssertEqual(kvm.pageFault(vcpu: 0, gfn: 0), .fixed)
        XCTAssertEqual(kvm.pageFault(vcpu: 0, gfn: 1), .fixed)
        let table = try XCTUnwrap(lastLevelTable(kvm))
        kvm.zapGFNRange(0..<511)
        XCTAssertEqual(kvm.memory.kind(of: table), .pageTable)
        XCTAssertTrue(kvm.tdp.reachableTables().contains(table))
        XCTAssertFalse(kvm.tdp.leafSPTE(0).isPresent)
        XCTAssertFalse(kvm.tdp.leafSPTE(1).isPresent)
        XCTAssertEqual(kvm.checkInvariantsLocked(), [])
    }

    /// The 6103bc074048 shape (zap under the read lock) zaps leaves only: freeing tables beside
    /// concurrent faults needs RCU, which KVMMMU does not model.
    func testSharedZapKeepsTables() throws {
        var variant = ProtocolVariant()
        variant.zapLock = .read
        let kvm = KVM(KVMConfiguration(vcpus: 1, variant: variant, guestPages: 4, physicalFrames: 64,
                                       apicAccessPage: false))
        XCTAssertEqual(kvm.pageFault(vcpu: 0, gfn: 0), .fixed)
        let table = try XCTUnwrap(lastLevelTable(kvm))
        kvm.zapGFNRange(0..<512)
        XCTAssertEqual(kvm.memory.kind(of: table), .pageTable)
        XCTAssertFalse(kvm.tdp.leafSPTE(0).isPresent)
    }
}
