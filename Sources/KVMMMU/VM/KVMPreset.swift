/// A named preset of a model: flags, default parameters and the expected verdict
/// (CONTRACT.md / architecture.md).
public struct KVMPreset: Sendable, Hashable {
    /// Model name, e.g. `apic-access-zap`.
    public let model: String
    /// Preset name, e.g. `upstream`.
    public let name: String
    /// The flags.
    public let variant: ProtocolVariant
    /// Default parameters of the preset (e.g. `invalidators`).
    public let parameters: [String: Int]
    /// True when the model's invariant holds for this preset.
    public let holds: Bool

    /// All presets, by model then preset name.
    public static let all: [String: [String: KVMPreset]] = {
        var table: [String: [String: KVMPreset]] = [:]
        func add(_ model: String, _ name: String, _ flags: [String: String], _ parameters: [String: Int], holds: Bool) {
            // The preset flags are literals; a failure here is a programming error.
            let variant = try! ProtocolVariant(flags: flags)
            table[model, default: [:]][name] = KVMPreset(model: model, name: name, variant: variant,
                                                          parameters: parameters, holds: holds)
        }
        let apic = KVMModel.apicAccessZap.rawValue
        func apicFlags(_ f: String, _ z: String, _ bump: Bool, _ check: Bool, _ seq: Bool) -> [String: String] {
            ["fault_lock": f, "zap_lock": z, "zap_bumps_notifier": "\(bump)", "fault_checks_retry": "\(check)",
             "seq_before_slot": "\(seq)"]
        }
        let apicParameters = ["vcpus": 1, "retries": 1]
        add(apic, "upstream", apicFlags("read", "write", true, true, true), apicParameters, holds: true)
        add(apic, "zap-read-lock", apicFlags("read", "read", false, true, true), apicParameters, holds: false)
        add(apic, "zap-read-lock-bump", apicFlags("read", "read", true, true, true), apicParameters, holds: false)
        add(apic, "zap-no-bump", apicFlags("read", "write", false, true, true), apicParameters, holds: false)
        add(apic, "no-retry-check", apicFlags("read", "write", true, false, true), apicParameters, holds: false)
        add(apic, "seq-after-slot", apicFlags("read", "write", true, true, false), apicParameters, holds: false)

        let notifier = KVMModel.notifierInvalidate.rawValue
        func notifierFlags(_ count: Bool, _ seq: Bool, _ range: Bool, _ merge: Bool) -> [String: String] {
            ["fault_lock": "read", "retry_count": "\(count)", "retry_seq": "\(seq)", "range_check": "\(range)",
             "range_merge": "\(merge)"]
        }
        add(notifier, "upstream", notifierFlags(true, true, true, true), ["invalidators": 2, "vcpus": 1, "retries": 1], holds: true)
        add(notifier, "no-retry", notifierFlags(false, false, true, true), ["invalidators": 1, "vcpus": 1, "retries": 1], holds: false)
        add(notifier, "count-only", notifierFlags(true, false, true, true), ["invalidators": 1, "vcpus": 1, "retries": 1], holds: false)
        add(notifier, "seq-only", notifierFlags(false, true, true, true), ["invalidators": 1, "vcpus": 1, "retries": 1], holds: false)
        add(notifier, "range-overwrite", notifierFlags(true, true, true, false), ["invalidators": 2, "vcpus": 1, "retries": 1], holds: false)

        let tdp = KVMModel.tdpSharedFault.rawValue
        let tdpParameters = ["vcpus": 2, "retries": 1]
        add(tdp, "upstream", ["fault_lock": "read", "install": "cmpxchg"], tdpParameters, holds: true)
        add(tdp, "plain-store", ["fault_lock": "read", "install": "store"], tdpParameters, holds: false)
        add(tdp, "write-lock-store", ["fault_lock": "write", "install": "store"], tdpParameters, holds: true)
        return table
    }()

    /// Looks up a preset by its CONTRACT.md names.
    public static func named(model: String, preset: String) throws -> KVMPreset {
        guard let presets = all[model] else { throw ProtocolVariantError.unknownModel(model) }
        guard let found = presets[preset] else { throw ProtocolVariantError.unknownPreset(model: model, preset: preset) }
        return found
    }
}
