import NIOCore

/// Wraps each outbound message (an ACK) in one MLLP frame, for a `MessageToByteHandler`.
public struct MLLPFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = [UInt8]

    /// An encoder.
    public init() {}

    public func encode(data: [UInt8], out: inout ByteBuffer) throws {
        out.reserveCapacity(data.count + 3)
        out.writeInteger(MLLPFraming.startBlock)
        out.writeBytes(data)
        out.writeInteger(MLLPFraming.endBlock)
        out.writeInteger(MLLPFraming.carriageReturn)
    }
}
