import KVMMMU
import XCTest

final class ProtocolVariantTests: XCTestCase {
    func testPresetsByContractNames() throws {
        let bump = try ProtocolVariant.preset(model: "apic-access-zap", name: "zap-read-lock-bump")
        XCTAssertEqual(bump.faultLock, .read)
        XCTAssertEqual(bump.zapLock, .read)
        XCTAssertTrue(bump.zapBumpsNotifier)
        XCTAssertEqual(try ProtocolVariant.preset(model: "apic-access-zap", name: "upstream"), ProtocolVariant())
        XCTAssertFalse(try ProtocolVariant.preset(model: "apic-access-zap", name: "no-retry-check").faultChecksRetry)
        XCTAssertFalse(try ProtocolVariant.preset(model: "apic-access-zap", name: "seq-after-slot").seqBeforeSlot)
        XCTAssertFalse(try ProtocolVariant.preset(model: "apic-access-zap", name: "zap-read-lock").zapBumpsNotifier)
        let noRetry = try ProtocolVariant.preset(model: "notifier-invalidate", name: "no-retry")
        XCTAssertFalse(noRetry.retryCount)
        XCTAssertFalse(noRetry.retrySeq)
        XCTAssertFalse(try ProtocolVariant.preset(model: "notifier-invalidate", name: "range-overwrite").rangeMerge)
        XCTAssertEqual(try KVMPreset.named(model: "notifier-invalidate", preset: "upstream").parameters["invalidators"], 2)
        XCTAssertEqual(try ProtocolVariant.preset(model: "tdp-shared-fault", name: "plain-store").install, .store)
        XCTAssertEqual(try ProtocolVariant.preset(model: "tdp-shared-fault", name: "write-lock-store").faultLock, .write)
        XCTAssertEqual(KVMPreset.all.mapValues(\.count), ["apic-access-zap": 6, "notifier-invalidate": 5, "tdp-shared-fault": 3])
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
        XCTAssertThrowsError(try ProtocolVariant.preset(model: "apic-access-zap", name: "nope"))
        XCTAssertThrowsError(try ProtocolVariant.preset(model: "nope", name: "upstream"))
    }

    func testLabelTableCoversEveryModelAndKind() {
        XCTAssertEqual(Set(KVMLabels.all.keys), Set(KVMModel.allCases.map(\.rawValue)))
        XCTAssertEqual(KVMLabels.all["apic-access-zap"]?["inhibit"]?.count, 8)
        XCTAssertEqual(KVMLabels.all["notifier-invalidate"]?["invalidator"]?.count, 8)
        XCTAssertEqual(KVMLabels.all["tdp-shared-fault"]?["vcpu"],
                       ["fault.lock", "fault.read_spte", "fault.alloc_sp", "fault.install", "fault.free_sp", "fault.unlock"])
        XCTAssertTrue(KVMLabels.union.contains("inv.host_update"))
    }

    func testSceneFromNames() throws {
        let scene = try KVMScene(model: "notifier-invalidate", preset: "upstream", flags: ["retry_seq": "false"],
                                 parameters: ["vcpus": 2], data: ["lo[1]": 1])
        XCTAssertEqual(scene.threadNames, ["vcpu[0]", "vcpu[1]", "invalidator[0]", "invalidator[1]"])
        XCTAssertEqual(scene.invalidatorRangeLo, [0, 1])
        XCTAssertFalse(scene.variant.retrySeq)
        XCTAssertEqual(try KVMScene(model: "tdp-shared-fault").threadNames, ["vcpu[0]", "vcpu[1]"])
        XCTAssertEqual(try KVMScene(model: "apic-access-zap").threadNames, ["vcpu[0]", "inhibit[0]"])
    }
}
