import NIOCore
import WaitwatchCore
import WaitwatchFeeds
import WaitwatchKafka

/// Turns one received HL7 v2 message into a verdict: converted by the HL7 adapter
/// (docs/FEEDS.md section 2), its events produced keyed `{trust}/{service}`, and `AA` only
/// once the cluster acknowledged them all.
///
/// | outcome | ACK |
/// |---|---|
/// | events delivered | `AA` |
/// | a message the feed skips on purpose (e.g. `REF^I13` accepting a referral) | `AA` (nothing produced) |
/// | not parseable HL7 (`bad-hl7`), unsupported MSH-9 | `AR` |
/// | content errors (missing or invalid field, unknown service code, bad time) | `AE` |
/// | not delivered (cluster unavailable, timed out, shutting down) | `AR`, error 207: resend later |
public struct MLLPIngest: Sendable {
    /// The HL7 adapter with the configuration's catalogue, code map and patient key.
    public let feed: HL7Feed
    /// The events topic.
    public let topic: String
    /// Where events go.
    public let gateway: DeliveryGateway

    /// An ingest path.
    public init(settings: FeedSettings, topic: String, gateway: DeliveryGateway) {
        feed = HL7Feed(settings: settings)
        self.topic = topic
        self.gateway = gateway
    }

    /// The verdict on `message`, completed on `eventLoop` (after delivery for events).
    public func process(_ message: [UInt8], on eventLoop: any EventLoop) -> EventLoopFuture<MLLPReply> {
        switch feed.convert(message: message) {
        case .rejected(let rejection):
            return eventLoop.makeSucceededFuture(Self.reply(for: rejection))
        case .ignored:
            return eventLoop.makeSucceededFuture(.accepted)
        case .events(let events):
            let messages = events.map { OutgoingMessage(topic: topic, key: Array($0.event.key.utf8), value: $0.json()) }
            let promise = eventLoop.makePromise(of: DeliveryGateway.Outcome.self)
            gateway.publish(messages, promise: promise)
            return promise.futureResult.map { outcome in
                switch outcome {
                case .delivered: .accepted
                case .failed(let reason):
                    MLLPReply(
                        code: .reject, text: "not delivered, resend later: \(reason)", error: .applicationInternalError,
                        reasonCode: "not-delivered")
                }
            }
        }
    }

    /// AR for what is not a processable message (unparseable, unsupported type), AE for content.
    public static func reply(for rejection: FeedRejection) -> MLLPReply {
        let code: HL7AcknowledgementCode = ["bad-hl7", "unsupported-message"].contains(rejection.code) ? .reject : .error
        let location = HL7Acknowledgement.errorLocation(of: rejection.location)
        return MLLPReply(
            code: code, text: rejection.reason, error: HL7ErrorCode(rejectionCode: rejection.code),
            segment: location?.segment, field: location?.field, reasonCode: rejection.code)
    }
}
