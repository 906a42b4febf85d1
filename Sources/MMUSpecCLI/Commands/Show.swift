import ArgumentParser
import ProtocolDSL

/// `mmuspec show`: a model instantiated for a variant, in its own terms.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a model's globals, processes with their labelled steps, and invariants.",
        discussion: "Example:\n  mmuspec show apic-access-zap --variant zap-read-lock"
    )

    @OptionGroup var selection: ModelSelection

    func run() throws {
        do {
            let program = try selection.program()
            let c = program.configuration
            print("model \(program.modelName)" + (c.preset.map { " (variant \($0))" } ?? ""))
            print("flags: " + c.flags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            print("parameters: " + c.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " "))
            print(ProgramPrinter(program).render())
        } catch {
            throw Failure.from(error)
        }
    }
}
