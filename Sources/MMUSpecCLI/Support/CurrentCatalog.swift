import ProtocolDSL
import Synchronization

/// The catalog the command tree runs over, set by `MMUSpec.exitStatus(running:catalog:)`.
enum CurrentCatalog {
    private static let storage = Mutex<ProtocolCatalog>(ProtocolCatalog(models: []))

    /// The catalog in force.
    static var catalog: ProtocolCatalog { storage.withLock { $0 } }

    /// Makes `catalog` the one in force.
    static func use(_ catalog: ProtocolCatalog) { storage.withLock { $0 = catalog } }
}
