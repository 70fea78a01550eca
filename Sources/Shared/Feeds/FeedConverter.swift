import WaitwatchCore
/// One entry point for every format: converts a whole input into outcomes, in order.
///
/// NDJSON lines are checked with the pipeline's ``EventDecoder`` and kept byte for byte
/// (unknown fields included), as `send` always did; the other formats go through their
/// adapters. Pure: no I/O, no logging.
public struct FeedConverter: Sendable {
    /// The format read.
    public let format: FeedFormat
    /// Catalogue, code map and patient hasher.
    public let settings: FeedSettings

    /// A converter for one format.
    public init(format: FeedFormat, settings: FeedSettings) {
        self.format = format
        self.settings = settings
    }

    /// One converted record ready to send: the event and the exact bytes to publish.
    public struct Output: Sendable, Hashable {
        /// The event (validated).
        public var event: ReferralEvent
        /// The message value: the NDJSON line as given, or the converted event's JSON.
        public var bytes: [UInt8]
    }

    /// Converts `bytes`, calling `body` for each record: outputs, or a skip, or a rejection.
    public func convert(_ bytes: [UInt8], _ body: (Result<[Output], FeedRejection>, _ ignored: (location: String, reason: String)?) -> Void)
    {
        func forward(_ outcome: FeedRecordOutcome) {
            switch outcome {
            case .events(let events): body(.success(events.map { Output(event: $0.event, bytes: $0.json()) }), nil)
            case .ignored(let location, let reason): body(.success([]), (location, reason))
            case .rejected(let rejection): body(.failure(rejection), nil)
            }
        }
        switch format {
        case .ndjson:
            let decoder = EventDecoder(catalogue: settings.catalogue)
            var start = 0
            var line = 1
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                var text = Array(bytes[start..<end])
                if text.last == 0x0D { text.removeLast() }
                if !text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    switch decoder.decode(text) {
                    case .success(let event): body(.success([Output(event: event, bytes: text)]), nil)
                    case .failure(let r): body(.failure(FeedRejection(location: "line \(line)", code: r.category, reason: r.reason)), nil)
                    }
                }
                start = end + 1
                line += 1
            }
        case .csv: CSVFeed(settings: settings).convert(bytes, forward)
        case .hl7v2: HL7Feed(settings: settings).convert(bytes, forward)
        case .fhir: FHIRFeed(settings: settings).convert(bytes, forward)
        }
    }
}
