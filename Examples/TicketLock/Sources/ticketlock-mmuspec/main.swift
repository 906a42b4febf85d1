import Foundation
import MMUSpecCLI
import TicketLockModel

// Every mmuspec verb, over this package's catalog.
exit(MMUSpec.exitStatus(running: Array(CommandLine.arguments.dropFirst()), catalog: TicketLockModel.catalog))
