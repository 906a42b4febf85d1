/// Where a model's real implementation is, for generated replay tests: the Swift module to
/// import and the expression that names its replay target there.
///
/// The reference is a name, not code: the generated test is compiled against the module, so a
/// wrong name fails the build of the generated tests, never the checker.
public struct ReplayTargetReference: Sendable, Equatable {
    /// The module that defines the target (`KVMReplayAdapter`).
    public let module: String
    /// The target, as a static member path (`KVMTarget.apicAccessZap`).
    public let target: String
    /// The preset the regression test runs on; nil: the model's first preset that holds.
    public let fixedPreset: String?

    /// Creates a reference.
    public init(module: String, target: String, fixedPreset: String? = nil) {
        self.module = module
        self.target = target
        self.fixedPreset = fixedPreset
    }
}
