/// Why test generation failed.
public enum TestGenError: Error, Equatable, CustomStringConvertible {
    /// The catalog names no replay target (a real implementation) for the model.
    case noReplayHarness(model: String)
    /// The model has no such preset; `valid` lists the presets it has.
    case unknownPreset(model: String, preset: String, valid: [String])
    /// The check could not decide the preset (timeout or solver unknown).
    case undecided(model: String, preset: String, reason: String)
    /// A file could not be written or removed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .noReplayHarness(let m): return "model '\(m)' has no replay target in the catalog (no implementation to replay on); cannot emit tests"
        case .unknownPreset(let m, let p, let valid):
            return "model '\(m)' has no variant '\(p)'; valid: " + valid.joined(separator: ", ")
        case .undecided(let m, let p, let r): return "check of \(m) --variant \(p) was undecided: \(r)"
        case .io(let path, let r): return "\(path): \(r)"
        }
    }
}
