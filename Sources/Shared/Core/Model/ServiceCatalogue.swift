/// The set of services the pipeline accepts, keyed by code (SPEC section 4).
///
/// The catalogue is configuration: deployments load it from the configuration file;
/// ``ServiceCatalogue/default`` is the SPEC's table.
public struct ServiceCatalogue: Sendable, Hashable {
    /// Services in a stable order (the order given in configuration).
    public private(set) var services: [ServiceDefinition]
    private var index: [String: Int]

    /// A catalogue of these services, in this order. Codes should be unique (configuration
    /// loading checks it); if one repeats, lookups find the last.
    public init(_ services: [ServiceDefinition]) {
        self.services = services
        var index: [String: Int] = [:]
        for (i, s) in services.enumerated() { index[s.code] = i }
        self.index = index
    }

    /// The service with this code, or nil when the catalogue has none.
    public subscript(code: String) -> ServiceDefinition? {
        index[code].map { services[$0] }
    }

    /// The SPEC section 4 default catalogue.
    public static let `default` = ServiceCatalogue([
        ServiceDefinition(
            code: "SALT", name: "Speech and language therapy (children and young people)", targetWeeks: 18, standardPct: 92,
            clockStop: .appointmentAttended),
        ServiceDefinition(
            code: "CAMHS", name: "Child and adolescent mental health services", targetWeeks: 4, standardPct: 92,
            clockStop: .treatmentStarted),
        ServiceDefinition(
            code: "OT", name: "Occupational therapy (children)", targetWeeks: 18, standardPct: 92, clockStop: .appointmentAttended),
        ServiceDefinition(
            code: "PHYSIO", name: "Physiotherapy (children)", targetWeeks: 18, standardPct: 92, clockStop: .appointmentAttended),
        ServiceDefinition(code: "COMMPAEDS", name: "Community paediatrics", targetWeeks: 18, standardPct: 92, clockStop: .treatmentStarted),
        ServiceDefinition(
            code: "NDA", name: "Neurodevelopmental (autism/ADHD) assessment", targetWeeks: 13, standardPct: 92,
            clockStop: .appointmentAttended),
        ServiceDefinition(
            code: "EHCNA", name: "Education, health and care needs assessment (local authority)", targetWeeks: 20, standardPct: 100,
            clockStop: .planIssued),
    ])
}
