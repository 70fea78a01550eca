/// What ``MLLPFrameDecoder`` reads from a connection: one framed message, or a framing fault
/// that the session answers (with an `AR`) without losing the connection.
public enum MLLPInbound: Sendable, Hashable {
    /// The bytes between a start block and an end block (the HL7 message, unframed).
    case message([UInt8])
    /// Bytes that broke the framing; the decoder has already resynchronised.
    case malformed(MLLPFramingError)
}

/// Why bytes on an MLLP connection are not a frame.
public enum MLLPFramingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Bytes arrived outside a frame (before a start block): not MLLP, or a sender's garbage.
    case outsideFrame
    /// A new start block arrived before the current frame's end block: that frame was cut short.
    case unterminated
    /// The frame grew past the limit; its bytes were discarded up to its end block.
    case tooLarge(limit: Int)

    /// One line, for the ACK's text and the log (never any of the frame's content).
    public var description: String {
        switch self {
        case .outsideFrame: "bytes outside an MLLP frame (expected 0x0B, message, 0x1C 0x0D)"
        case .unterminated: "MLLP frame not terminated (a start block arrived before its end block)"
        case .tooLarge(let limit): "MLLP frame larger than \(limit) bytes; discarded"
        }
    }
}
