import Foundation
import MMUSpecCLI

// The executable is a thin shell over the command tree in MMUSpecCLI.
exit(MMUSpec.exitStatus(running: Array(CommandLine.arguments.dropFirst())))
