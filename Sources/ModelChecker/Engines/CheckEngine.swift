import ProtocolDSL

/// One way of running `check`. An engine is one type conforming to this protocol plus one
/// line in `Engine.registry`; `Engine` (what users pick, `--engine NAME`) and the CLI's help,
/// validation and error lists all come from that registry.
public protocol CheckEngine: Sendable {
    /// The name users pick it by (`bmc`).
    var name: String { get }
    /// What it does, in a few words, for help and for the output's engine line.
    var summary: String { get }
    /// Whether a complete "holds" from it means every reachable state was explored (rather
    /// than every execution up to the depth where none can move any more).
    var exploresStates: Bool { get }

    /// Runs the check; returns the outcome and the engine that decided it (an engine that
    /// hands over to another returns that one).
    func check(_ program: Program, _ options: CheckOptions, progress: ProgressHandler?) throws -> (CheckOutcome, Engine)
}

/// Bounded model checking on Z3.
struct BMCEngine: CheckEngine {
    let name = "bmc"
    let summary = "Z3 bounded model checking"
    let exploresStates = false

    func check(_ program: Program, _ options: CheckOptions, progress: ProgressHandler?) throws -> (CheckOutcome, Engine) {
        (try BoundedChecker(program: program).check(options, progress: progress), .bmc)
    }
}

/// Breadth-first explicit-state search.
struct ExplicitEngine: CheckEngine {
    let name = "explicit"
    let summary = "breadth-first state search"
    let exploresStates = true

    func check(_ program: Program, _ options: CheckOptions, progress: ProgressHandler?) throws -> (CheckOutcome, Engine) {
        (try ExplicitChecker(program: program).check(options, progress: progress), .explicit)
    }
}
