/// The verdict on one received message, before it becomes an ACK: the code, and for
/// AE/AR the reason (one line, no patient identifier), the HL7 error code and where.
public struct MLLPReply: Sendable, Hashable {
    /// MSA-1.
    public var code: HL7AcknowledgementCode
    /// MSA-3 and ERR-8 (empty for AA).
    public var text: String
    /// ERR-3.
    public var error: HL7ErrorCode?
    /// ERR-2: segment id and field number.
    public var segment: String?
    /// ERR-2's field number.
    public var field: Int?
    /// The feed's short reason code for the log and the counters (`unknown-service`,
    /// `framing`, `not-delivered`, …); nil for AA.
    public var reasonCode: String?

    /// A verdict.
    public init(
        code: HL7AcknowledgementCode, text: String = "", error: HL7ErrorCode? = nil, segment: String? = nil, field: Int? = nil,
        reasonCode: String? = nil
    ) {
        self.code = code
        self.text = text
        self.error = error
        self.segment = segment
        self.field = field
        self.reasonCode = reasonCode
    }

    /// Accepted.
    public static let accepted = MLLPReply(code: .accept)

    /// The ACK for `message` with this verdict.
    public func acknowledgement(for message: [UInt8], controlId: String, timestamp: String) -> [UInt8] {
        let location: (segment: String, field: Int)? = if let segment, let field { (segment, field) } else { nil }
        return HL7Acknowledgement.build(
            replyingTo: message, code: code, text: text, error: error, errorLocation: location,
            controlId: controlId, timestamp: timestamp)
    }
}
