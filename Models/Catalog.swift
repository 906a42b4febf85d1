import ProtocolDSL

/// The models the CLI knows, by name.
public enum ModelCatalog {
    /// Every model, in the order `mmuspec list` prints them.
    public static let all: [ProtocolModel] = [
        APICAccessZap.model,
        NotifierInvalidate.model,
        TDPSharedFault.model,
    ]

    /// The model named `name`, or a `ModelError` listing the valid names.
    public static func model(named name: String) throws -> ProtocolModel {
        guard let m = all.first(where: { $0.name == name }) else {
            throw ModelError(.unknownModel, "unknown model '\(name)'; valid: " + all.map(\.name).joined(separator: ", "))
        }
        return m
    }
}
