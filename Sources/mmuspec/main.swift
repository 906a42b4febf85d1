import Foundation
import MMUSpecCLI
import Models

// The executable is a thin shell over the command tree in MMUSpecCLI, run over this repository's catalog.
exit(MMUSpec.exitStatus(running: Array(CommandLine.arguments.dropFirst()), catalog: ModelCatalog.catalog))
