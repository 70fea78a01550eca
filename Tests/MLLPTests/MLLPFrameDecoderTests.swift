import NIOCore
import NIOEmbedded
import Testing
import WaitwatchMLLP

/// The MLLP framing handlers on NIO's EmbeddedChannel: bytes in as a sender's TCP reads would
/// bring them, frames (or faults) out.
@Suite struct MLLPFrameDecoderTests {
    static let message = Array("MSH|^~\\&|A|B|C|D|20260302091500||REF^I12|M1|P|2.5.1\r".utf8)

    func channel(maximum: Int = 1_024) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(MLLPFrameDecoder(maximumFrameBytes: maximum)))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(MLLPFrameEncoder()))
        return channel
    }

    /// Writes `chunks` as separate reads and returns everything decoded.
    func decode(_ chunks: [[UInt8]], maximum: Int = 1_024) throws -> [MLLPInbound] {
        let channel = try channel(maximum: maximum)
        var out: [MLLPInbound] = []
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(bytes: chunk))
            while let inbound = try channel.readInbound(as: MLLPInbound.self) { out.append(inbound) }
        }
        _ = try channel.finish()
        return out
    }

    @Test func aFrameIsTheBytesBetweenStartBlockAndEndBlockCarriageReturn() throws {
        #expect(try decode([[0x0B] + Self.message + [0x1C, 0x0D]]) == [.message(Self.message)])
    }

    @Test func aFrameSplitAcrossReadsAtEveryPointIsStillOneFrame() throws {
        let framed = [0x0B] + Self.message + [0x1C, 0x0D]
        for cut in 1..<framed.count {
            #expect(try decode([Array(framed[..<cut]), Array(framed[cut...])]) == [.message(Self.message)], "cut at \(cut)")
        }
    }

    @Test func severalFramesInOneReadComeOutInOrder() throws {
        let second = Array("MSH|^~\\&|A|B|C|D|20260302091500||REF^I12|M2|P|2.5.1\r".utf8)
        let bytes = [0x0B] + Self.message + [0x1C, 0x0D, 0x0A] + [0x0B] + second + [0x1C, 0x0D]
        #expect(try decode([bytes]) == [.message(Self.message), .message(second)])
    }

    @Test func anEndBlockNotFollowedByCarriageReturnIsContent() throws {
        let body = Array("MSH|x".utf8) + [0x1C] + Array("y".utf8)
        #expect(try decode([[0x0B] + body + [0x1C, 0x0D]]) == [.message(body)])
    }

    @Test func bytesOutsideAFrameAreReportedOnceAndTheNextFrameStillDecodes() throws {
        let out = try decode([Array("GET / HTTP/1.1\r\n".utf8), Array("Host: x\r\n".utf8), [0x0B] + Self.message + [0x1C, 0x0D]])
        #expect(out == [.malformed(.outsideFrame), .message(Self.message)])
    }

    @Test func aStartBlockInsideAFrameReportsTheCutFrameAndKeepsTheNewOne() throws {
        let out = try decode([[0x0B] + Array("MSH|^~\\&|trunc".utf8) + [0x0B] + Self.message + [0x1C, 0x0D]])
        #expect(out == [.malformed(.unterminated), .message(Self.message)])
    }

    @Test func anOversizedFrameIsDiscardedToItsEndAndTheConnectionKeepsItsFraming() throws {
        let huge = [UInt8](repeating: 0x41, count: 5_000)
        // Sent in small reads, as a slow sender would: memory must stay bounded by the limit.
        let framed = [0x0B] + huge + [0x1C, 0x0D] + [0x0B] + Self.message + [0x1C, 0x0D]
        let chunks = stride(from: 0, to: framed.count, by: 300).map { Array(framed[$0..<min($0 + 300, framed.count)]) }
        #expect(try decode(chunks, maximum: 1_024) == [.malformed(.tooLarge(limit: 1_024)), .message(Self.message)])
    }

    @Test func aFrameOfExactlyTheLimitIsAccepted() throws {
        let body = [UInt8](repeating: 0x41, count: 1_024)
        #expect(try decode([[0x0B] + body + [0x1C, 0x0D]], maximum: 1_024) == [.message(body)])
    }

    @Test func theEncoderWrapsEachAckInOneFrame() throws {
        let channel = try channel()
        try channel.writeOutbound(Array("MSH|ack\r".utf8))
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(Array(written.readableBytesView) == [0x0B] + Array("MSH|ack\r".utf8) + [0x1C, 0x0D])
        _ = try channel.finish()
    }
}
