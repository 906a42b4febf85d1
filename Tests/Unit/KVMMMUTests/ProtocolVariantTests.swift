import KVMMMU
import KVMReplayAdapter
import Models
import XCTest

final class ProtocolVariantTests: XCTestCase {
    /// Every preset of every KVM model is a configuration of KVMMMU's code paths: each flag the
    /// model has exists in KVMMMU with the model's value, read from the model itself.
    func testEveryModelPresetIsAKVMMMUVariant() throws {
        for model in ModelCatalog.replayable {
            for preset in model.presets {
                let flags = try model.configuration(preset: preset.name).flags
                let variant = try ProtocolVariant(flags: flags)
                XCTAssertEqual(variant.flags.filter { flags[$0.key] != nil }, flags, "\(model.name) \(preset.name)")
            }
        }
        let bump = try ModelScenes.scene("apic-access-zap", preset: "zap-read-lock-bump").variant
        XCTAssertEqual(bump.faultLock, .read)
        XCTAssertEqual(bump.zapLock, .read)
        XCTAssertTrue(bump.zapBumpsNotifier)
        XCTAssertEqual(try ModelScenes.scene("apic-access-zap").variant, ProtocolVariant())
        XCTAssertEqual(try ModelScenes.scene("tdp-shared-fault", preset: "plain-store").variant.install, .store)
        XCTAssertEqual(try ModelScenes.scene("notifier-invalidate").invalidators, 2)
    }

    func testFlagsFromStrings() throws {
        let variant = try ProtocolVariant(flags: ["fault_lock": "write", "zap_lock": "read", "zap_bumps_notifier": "false",
                                                  "install": "store", "range_merge": "false"])
        XCTAssertEqual(variant.faultLock, .write)
        XCTAssertEqual(variant.zapLock, .read)
        XCTAssertFalse(variant.zapBumpsNotifier)
        XCTAssertEqual(variant.install, .store)
        XCTAssertFalse(variant.rangeMerge)
        XCTAssertEqual(try ProtocolVariant(flags: variant.flags), variant)
        XCTAssertEqual(Set(variant.flags.keys), Set(ProtocolVariant.flagNames))
        XCTAssertThrowsError(try ProtocolVariant(flags: ["fault_lock": "maybe"])) { error in
            XCTAssertEqual(error as? ProtocolVariantError, .badValue(flag: "fault_lock", value: "maybe"))
        }
        XCTAssertThrowsError(try ProtocolVariant(flags: ["nope": "true"]))
    }

    /// The adapter maps issue 14's flags from the model's presets, and the scene puts the APIC
    /// page where the model's `zap_range=gfn` check assumes it: the model's hva and gfn constants
    /// are KVMMMU's, so v5.15's gfn range misses the hva in both.
    func testTheZapFlagsAndTheAPICPageAgreeWithTheModel() throws {
        let legacy = try ModelScenes.scene("apic-access-zap", preset: "v5.15-legacy")
        XCTAssertEqual(legacy.variant.faultLock, .write)
        XCTAssertTrue(legacy.variant.zapYields)
        XCTAssertEqual(legacy.variant.zapRange, .gfn)
        XCTAssertEqual(try ModelScenes.scene("apic-access-zap", preset: "upstream").variant.zapRange, .all)
        XCTAssertEqual(KVM.apicAccessGFN, GFN(APICAccessZap.apicGFN))
        let kvm = legacy.makeKVM()
        XCTAssertEqual(kvm.hva(of: KVM.apicAccessGFN), HVA(APICAccessZap.apicHVA))
        let gfnRange = UInt64(APICAccessZap.apicGFN)..<UInt64(APICAccessZap.apicGFN + 1)
        XCTAssertFalse(gfnRange.contains(HVA(APICAccessZap.apicHVA)), "the v5.15 range would cover the hva")
    }

    func testSceneFromNames() throws {
        let scene = try ModelScenes.scene("notifier-invalidate", preset: "upstream", flags: ["retry_seq": "false"],
                                 parameters: ["vcpus": 2], data: ["invalidator[1].lo": 1])
        XCTAssertEqual(scene.threadNames, ["vcpu[0]", "vcpu[1]", "invalidator[0]", "invalidator[1]"])
        XCTAssertEqual(scene.invalidatorRangeLo, [0, 1])
        XCTAssertFalse(scene.variant.retrySeq)
        XCTAssertEqual(try ModelScenes.scene("tdp-shared-fault").threadNames, ["vcpu[0]", "vcpu[1]"])
        XCTAssertEqual(try ModelScenes.scene("apic-access-zap").threadNames, ["vcpu[0]", "inhibit[0]"])
    }
}
