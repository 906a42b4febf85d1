/// A real implementation that a model's counterexamples replay on.
///
/// A target builds a fresh instance of the implementation for a configuration and names its
/// threads like the model's instances; the implementation calls a schedule point carrying the
/// model's label before each step. Generated tests hold the counterexample as data and call
/// `Replay.witness` and `Replay.regression` with a target; for a liveness counterexample (a
/// lasso) `Replay.lassoWitness` and `Replay.lassoRegression`, which need the run's `observe`
/// snapshot (the state compared at each return to the loop's start) and `progress` fact.
public protocol ReplayTarget: Sendable {
    /// The model the implementation follows (its catalog name).
    var model: String { get }

    /// Builds the implementation in its initial state for `configuration`, and its threads.
    func prepare(_ configuration: ReplayConfiguration) throws -> ReplayRun
}

/// A configuration the target cannot build (an unknown flag value, a parameter out of range).
public struct ReplayConfigurationError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
