import WaitwatchCore

/// The event decoder on one message value (an NDJSON line or a Kafka record).
enum EventDecoderFuzz {
    static let decoder = EventDecoder()

    static func run(_ bytes: [UInt8]) {
        guard case .success(let event) = decoder.decode(bytes) else { return }
        let encoded = EventEncoder().encode(event)
        switch decoder.decode(encoded) {
        case .success(let again): FuzzCheck.require(again == event, "re-encoded event decodes to another event")
        case .failure(let rejection): FuzzCheck.require(false, "re-encoded event rejected: \(rejection.category)")
        }
    }
}
