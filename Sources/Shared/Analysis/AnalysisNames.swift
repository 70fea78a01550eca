import WaitwatchCore

/// Names to show next to codes: services from the catalogue, organisations from the
/// configuration's `organisations:` mapping. A code without a name shows no name.
public struct AnalysisNames: Sendable, Hashable {
    /// Service name by code.
    public var services: [String: String]
    /// Organisation name by code.
    public var organisations: [String: String]

    /// Names from a catalogue and an organisation mapping.
    public init(catalogue: ServiceCatalogue = .default, organisations: [String: String] = [:]) {
        services = Dictionary(catalogue.services.map { ($0.code, $0.name) }, uniquingKeysWith: { _, last in last })
        self.organisations = organisations
    }

    /// The organisation's name; "England" for the national records; nil when unknown.
    public func organisation(_ code: String) -> String? {
        code == "ALL" ? "England" : organisations[code]
    }

    /// The service's name, or nil when the catalogue has no such code.
    public func service(_ code: String) -> String? { services[code] }
}
