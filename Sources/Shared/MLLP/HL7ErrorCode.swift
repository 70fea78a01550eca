/// ERR-3, the HL7 error code (HL7 v2 table 0357, "Message error condition codes").
public enum HL7ErrorCode: Int, Sendable, Hashable {
    /// Message accepted.
    case accepted = 0
    /// Segments not in the proper order, or required segments missing.
    case segmentSequenceError = 100
    /// A required field is missing.
    case requiredFieldMissing = 101
    /// A field's data type or format is wrong (a bad date, a non-UTF-8 byte).
    case dataTypeError = 102
    /// A coded value is not in its table (an unknown service code).
    case tableValueNotFound = 103
    /// MSH-9.1 is not a supported message type.
    case unsupportedMessageType = 200
    /// MSH-9.2 is not a supported trigger event.
    case unsupportedEventCode = 201
    /// The receiver could not process the message (cluster unavailable, shutting down).
    case applicationInternalError = 207

    /// The table's own text for the code (ERR-3.2).
    public var text: String {
        switch self {
        case .accepted: "Message accepted"
        case .segmentSequenceError: "Segment sequence error"
        case .requiredFieldMissing: "Required field missing"
        case .dataTypeError: "Data type error"
        case .tableValueNotFound: "Table value not found"
        case .unsupportedMessageType: "Unsupported message type"
        case .unsupportedEventCode: "Unsupported event code"
        case .applicationInternalError: "Application internal error"
        }
    }

    /// The code for a feed rejection code (``FeedRejection/code``).
    public init(rejectionCode: String) {
        switch rejectionCode {
        case "missing-field": self = .requiredFieldMissing
        case "missing-segment", "bad-hl7": self = .segmentSequenceError
        case "unknown-service", "unknown-type": self = .tableValueNotFound
        case "unsupported-message": self = .unsupportedMessageType
        default: self = .dataTypeError
        }
    }
}
