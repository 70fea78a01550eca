import WaitwatchCore
/// What every adapter needs besides its input: the service catalogue, the code map and the
/// patient-reference hasher (from the `feeds` section of the configuration).
///
/// A plain value, shared read-only by the adapters.
public struct FeedSettings: Sendable, Hashable {
    /// The services accepted (the configuration's catalogue).
    public var catalogue: ServiceCatalogue
    /// Source codes → catalogue codes.
    public var codeMap: ServiceCodeMap
    /// Hashes patient identifiers into `patientRef`; nil: identifiers are dropped.
    public var patientHasher: PatientReferenceHasher?

    /// Settings for converting feeds.
    public init(
        catalogue: ServiceCatalogue = .default, codeMap: ServiceCodeMap = ServiceCodeMap(), patientHasher: PatientReferenceHasher? = nil
    ) {
        self.catalogue = catalogue
        self.codeMap = codeMap
        self.patientHasher = patientHasher
    }

    /// The catalogue code for a source code, or a rejection naming the (code) value.
    func service(_ sourceCode: String, at location: String) throws(FeedRejection) -> String {
        guard !sourceCode.trimmingSpaces.isEmpty else {
            throw FeedRejection(location: location, code: "missing-field", reason: "no service code")
        }
        guard let code = codeMap.service(for: sourceCode, catalogue: catalogue) else {
            throw FeedRejection(
                location: location, code: "unknown-service",
                reason:
                    "unknown service code \(FeedRejection.quoted(sourceCode.trimmingSpaces)) (not in the catalogue or the configured code map)"
            )
        }
        return code
    }

    /// `patientRef` for an identifier, when a key is configured.
    func patientRef(_ identifier: String?) -> String? {
        guard let identifier, let patientHasher else { return nil }
        return patientHasher.reference(for: identifier)
    }

    /// Checks a built event with the pipeline's own decoder (trust form, id lengths, service),
    /// so that a converted event is exactly as valid as an NDJSON one.
    func validated(_ event: FeedEvent, at location: String, decoder: EventDecoder) throws(FeedRejection) -> FeedEvent {
        switch decoder.decode(event.json()) {
        case .success:
            return event
        case .failure(let rejection):
            throw FeedRejection(location: location, code: rejection.category, reason: rejection.reason)
        }
    }
}
