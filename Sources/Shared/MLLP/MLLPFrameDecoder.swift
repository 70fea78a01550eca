import NIOCore

/// Splits a byte stream into MLLP frames (`0x0B message 0x1C 0x0D`), for a
/// `ByteToMessageHandler`.
///
/// Robust to what real connections bring: CR and LF between frames are skipped silently;
/// other bytes outside a frame give one ``MLLPFramingError/outsideFrame`` per run of them;
/// a start block inside a frame ends that frame as ``MLLPFramingError/unterminated`` and
/// starts a new one; a frame longer than ``maximumFrameBytes`` is discarded up to its end
/// block and reported once as ``MLLPFramingError/tooLarge(limit:)``, so memory stays bounded
/// and the connection keeps its framing. Not thread-safe (one per channel, as NIO uses it).
public struct MLLPFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = MLLPInbound

    /// The longest message accepted, in bytes (framing characters excluded).
    public let maximumFrameBytes: Int
    /// Inside an oversized frame: dropping bytes until its end block.
    private var discarding = false
    /// Already reported the current run of bytes outside a frame.
    private var inJunk = false

    /// A decoder accepting messages of at most `maximumFrameBytes` bytes.
    public init(maximumFrameBytes: Int) {
        self.maximumFrameBytes = maximumFrameBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let inbound = next(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(inbound))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // Whole frames that arrived with the close are still delivered; a partial frame is dropped
        // (the sender gets no ACK for it, so it will resend it).
        if let inbound = next(&buffer) {
            context.fireChannelRead(wrapInboundOut(inbound))
            return .continue
        }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }

    /// The next frame or fault in `buffer`, consuming its bytes; nil when more bytes are needed.
    /// Pure over the buffer (no channel), so tests can drive it directly too.
    public mutating func next(_ buffer: inout ByteBuffer) -> MLLPInbound? {
        while true {
            let view = buffer.readableBytesView
            guard let first = view.first else { return nil }
            if discarding {
                if let end = Self.endIndex(in: view) {
                    buffer.moveReaderIndex(to: end + 2)
                    discarding = false
                    return .malformed(.tooLarge(limit: maximumFrameBytes))
                }
                // Keep a trailing end block: its carriage return may be in the next read.
                let keep = view.last == MLLPFraming.endBlock ? 1 : 0
                buffer.moveReaderIndex(forwardBy: view.count - keep)
                return nil
            }
            if first != MLLPFraming.startBlock {
                // Between frames: line ends are tolerated, anything else is reported once per run.
                let junkEnd = view.firstIndex(of: MLLPFraming.startBlock) ?? view.endIndex
                let junk = view[view.startIndex..<junkEnd]
                buffer.moveReaderIndex(to: junkEnd)
                if junk.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) { continue }
                if inJunk { continue }
                inJunk = true
                return .malformed(.outsideFrame)
            }
            inJunk = false
            let body = view.index(after: view.startIndex)
            // A second start block before the end block: the frame was cut short.
            if let end = Self.endIndex(in: view[body...]) {
                if let restart = view[body..<end].firstIndex(of: MLLPFraming.startBlock) {
                    buffer.moveReaderIndex(to: restart)
                    return .malformed(.unterminated)
                }
                guard end - body <= maximumFrameBytes else {
                    buffer.moveReaderIndex(to: end + 2)
                    return .malformed(.tooLarge(limit: maximumFrameBytes))
                }
                let message = Array(view[body..<end])
                buffer.moveReaderIndex(to: end + 2)
                return .message(message)
            }
            if let restart = view[body...].firstIndex(of: MLLPFraming.startBlock) {
                buffer.moveReaderIndex(to: restart)
                return .malformed(.unterminated)
            }
            if view.count - 1 > maximumFrameBytes + 1 {
                discarding = true
                continue
            }
            return nil
        }
    }

    /// The index of the first `0x1C 0x0D` in `bytes`, or nil.
    private static func endIndex(in bytes: ByteBufferView.SubSequence) -> Int? {
        var i = bytes.startIndex
        while let e = bytes[i...].firstIndex(of: MLLPFraming.endBlock) {
            let next = bytes.index(after: e)
            guard next < bytes.endIndex else { return nil }
            if bytes[next] == MLLPFraming.carriageReturn { return e }
            i = next
        }
        return nil
    }
}
