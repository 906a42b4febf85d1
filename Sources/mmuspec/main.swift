import ArgumentParser
import Foundation

// Exit statuses (architecture.md): 0 holds, 1 violation found, 2 bad input or usage, 3 unknown.
// ArgumentParser's own usage errors (64) become 2, with one line on stderr.
do {
    if let repeated = RepeatedOptions.check(Array(CommandLine.arguments.dropFirst())) { throw repeated }
    var command = try MMUSpec.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch let failure as Failure {
    FileHandle.standardError.write(Data("mmuspec: \(ErrorLine.render(failure.message))\n".utf8))
    Foundation.exit(failure.status)
} catch {
    let code = MMUSpec.exitCode(for: error)
    if code == .success {
        // --help and --version: full text on stdout.
        print(MMUSpec.fullMessage(for: error))
        Foundation.exit(0)
    }
    let message = MMUSpec.message(for: error)
        .split(separator: "\n").first.map(String.init) ?? "bad usage"
    FileHandle.standardError.write(Data("mmuspec: \(ErrorLine.render(message))\n".utf8))
    Foundation.exit(2)
}
