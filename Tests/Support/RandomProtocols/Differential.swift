import Foundation
import ModelChecker
import ProtocolDSL

/// Runs the explicit engine, BMC, `prove` and SPIN on one random protocol and compares them
/// with the explicit engine, the reference.
public struct Differential: Sendable {
    /// The depth bound of explicit and BMC: longer than any execution of a random protocol, so
    /// both reach the full depth (an explicit search that does not is reported as unknown).
    public static let maxDepth = 400
    /// The most states the explicit engine stores; a protocol with more is not compared (it is
    /// counted as too large): the campaign is about many small protocols, not a few big ones.
    public static let stateLimit = 10_000

    /// SPIN, or nil to skip it.
    public let spin: SpinRunner?
    /// The time budget of BMC and of `prove`, in seconds.
    public let timeout: Double

    /// Creates a runner.
    public init(spin: SpinRunner?, timeout: Double = 60) {
        self.spin = spin
        self.timeout = timeout
    }

    /// Every engine's verdict on one protocol.
    public struct Result: Sendable {
        /// The protocol's seed.
        public let seed: UInt64
        /// The explicit engine's verdict (the reference).
        public let explicit: Verdict
        /// BMC's.
        public let bmc: Verdict
        /// `prove`'s (engine auto).
        public let prove: Verdict
        /// SPIN's, or nil when not compared.
        public let spin: Verdict?
        /// Why SPIN was not compared, when it was not.
        public let spinSkipped: String?
        /// The seconds each engine took: explicit, bmc, prove, spin.
        public let seconds: [Double]

        /// Whether the protocol was too large to compare (see `Differential.tooLarge`).
        public var tooLarge: Bool { spinSkipped == Differential.tooLarge }
        /// explicit against BMC.
        public var explicitBMC: Agreement { explicit.compared(with: bmc) }
        /// explicit against prove.
        public var explicitProve: Agreement { explicit.compared(with: prove) }
        /// explicit against SPIN.
        public var explicitSpin: Agreement { spin.map { explicit.compared(with: $0) } ?? .skipped }

        /// One line per disagreement, empty when all agree.
        public var disagreements: [String] {
            var out: [String] = []
            if explicitBMC == .disagree { out.append("seed \(seed): explicit \(explicit), bmc \(bmc)") }
            if explicitProve == .disagree { out.append("seed \(seed): explicit \(explicit), prove \(prove)") }
            if explicitSpin == .disagree, let s = spin { out.append("seed \(seed): explicit \(explicit), spin \(s)") }
            return out
        }
    }

    /// Runs every engine on `p`.
    public func run(_ p: RandomProtocol) -> Result {
        let program: Program
        let configuration: Configuration
        do {
            configuration = try p.model.configuration()
            program = try p.model.instantiate(configuration)
        } catch {
            let f = Verdict.failed("the generator drew an invalid protocol: \(error)")
            return Result(seed: p.seed, explicit: f, bmc: f, prove: f, spin: nil, spinSkipped: "invalid",
                          seconds: [])
        }
        let options = CheckOptions(maxDepth: Self.maxDepth, timeout: timeout)
        var seconds: [Double] = []
        var clock = Date()
        func lap() {
            seconds.append(Date().timeIntervalSince(clock))
            clock = Date()
        }
        let explicit: Verdict
        do {
            explicit = Self.verdict(try ExplicitChecker(program: program).check(options, stateLimit: Self.stateLimit))
        } catch let stop as ExplicitChecker.Abandoned {
            let why = Verdict.unknown("\(Self.tooLarge): \(stop.reason)")
            return Result(seed: p.seed, explicit: why, bmc: why, prove: why, spin: nil, spinSkipped: Self.tooLarge,
                          seconds: [])
        } catch {
            explicit = .failed("\(error)")
        }
        lap()
        let bmc: Verdict
        do { bmc = Self.verdict(try BoundedChecker(program: program).check(options)) } catch { bmc = .failed("\(error)") }
        lap()
        let prove: Verdict
        do {
            switch try Prover(model: p.model, configuration: configuration).prove(engine: .auto, timeout: timeout) {
            case .proved: prove = .holds
            case .violated: prove = .violated(steps: nil)
            case .unknown(let why): prove = .unknown(why)
            }
        } catch {
            prove = .failed("\(error)")
        }
        lap()
        var spinVerdict: Verdict?
        var skipped: String?
        if p.wide {
            skipped = "wide integers"
        } else if let spin {
            do {
                spinVerdict = try spin.check(promela: try PromelaExporter(program: program).render(), name: "\(p.seed)")
            } catch is ExportRefusal {
                // The export refuses what Promela cannot say faithfully: allowed, counted.
                skipped = "export refused"
            } catch {
                spinVerdict = .failed("\(error)")
            }
        } else {
            skipped = "spin or gcc missing"
        }
        lap()
        return Result(seed: p.seed, explicit: explicit, bmc: bmc, prove: prove, spin: spinVerdict, spinSkipped: skipped,
                      seconds: seconds)
    }

    /// Why a protocol is not compared when the explicit search gives up (over `stateLimit` states,
    /// or another of its limits).
    public static let tooLarge = "too large for the explicit search"

    /// A check's outcome as a verdict; a search that stopped short of the full depth is unknown.
    static func verdict(_ outcome: CheckOutcome) -> Verdict {
        switch outcome {
        case .violated(let traces):
            return .violated(steps: traces[0].steps.count, kind: traces[0].violation?.kind.rawValue)
        case .holds(_, true), .proved: return .holds
        case .holds(let depth, false): return .unknown("not complete at depth \(depth)")
        case .unknown(let why, let depth): return .unknown("\(why) at depth \(depth)")
        }
    }
}
