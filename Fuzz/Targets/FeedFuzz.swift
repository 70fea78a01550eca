import WaitwatchCore
import WaitwatchFeeds

/// The feed adapters (CSV, HL7 v2, FHIR R4) through the one entry point `send` uses, with a
/// patient-reference key so that the hashing path runs too.
enum FeedFuzz {
    static let settings = FeedSettings(patientHasher: PatientReferenceHasher(key: Array("fuzzing-key-0123456789".utf8)))
    static let decoder = EventDecoder()

    static func run(_ bytes: [UInt8], format: FeedFormat) {
        _ = FeedFormat.guess(from: bytes)
        FeedConverter(format: format, settings: settings).convert(bytes) { result, _ in
            guard case .success(let outputs) = result else { return }
            for output in outputs {
                guard case .success(let event) = decoder.decode(output.bytes) else {
                    return FuzzCheck.require(false, "a converted event is rejected by the event decoder")
                }
                FuzzCheck.require(event == output.event, "a converted event's bytes decode to another event")
            }
        }
    }
}
