import Logging
import NIOCore

/// One sender's connection: answers each frame with an ACK, in the order the frames came.
///
/// Messages are converted and produced as they arrive (a sender may pipeline), but each ACK is
/// written only after the ones before it, and an `AA` only after the cluster acknowledged the
/// message's events (``MLLPIngest``). With ``maximumPending`` ACKs owed, the handler stops
/// reading from the socket until one is written (back-pressure instead of buffering).
/// A read-idle event closes the connection when nothing is owed (half-open or abandoned
/// connections). Lives on its channel's event loop, like every NIO handler.
final class MLLPSessionHandler: ChannelDuplexHandler {
    typealias InboundIn = MLLPInbound
    typealias OutboundIn = [UInt8]
    typealias OutboundOut = [UInt8]

    private let ingest: MLLPIngest
    private let state: MLLPServerState
    private let controlPrefix: String
    private let maximumPending: Int
    private let clock: @Sendable () -> Int64
    private var logger: Logger
    private var pending = 0
    private var readHeld = false
    private var tail: EventLoopFuture<Void>?

    init(
        ingest: MLLPIngest, state: MLLPServerState, controlPrefix: String, maximumPending: Int, logger: Logger,
        clock: @escaping @Sendable () -> Int64
    ) {
        self.ingest = ingest
        self.state = state
        self.controlPrefix = controlPrefix
        self.maximumPending = maximumPending
        self.logger = logger
        self.clock = clock
    }

    func channelActive(context: ChannelHandlerContext) {
        logger.debug("connection opened")
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        logger.debug("connection closed", metadata: ["owed": "\(pending)"])
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let loop = context.eventLoop
        let message: [UInt8]
        let reply: EventLoopFuture<MLLPReply>
        switch unwrapInboundIn(data) {
        case .message(let bytes):
            message = bytes
            if state.isDraining {
                reply = loop.makeSucceededFuture(
                    MLLPReply(
                        code: .reject, text: "the receiver is shutting down; resend later", error: .applicationInternalError,
                        reasonCode: "shutting-down"))
            } else {
                reply = ingest.process(bytes, on: loop)
            }
        case .malformed(let fault):
            message = []
            reply = loop.makeSucceededFuture(
                MLLPReply(code: .reject, text: fault.description, error: .segmentSequenceError, reasonCode: "framing"))
        }
        pending += 1
        state.owe()
        let previous = tail ?? loop.makeSucceededVoidFuture()
        let next = previous.flatMap { reply }
        tail = next.map { _ in }
        next.assumeIsolated().whenSuccess { verdict in
            self.answer(context: context, message: message, verdict: verdict)
        }
    }

    private func answer(context: ChannelHandlerContext, message: [UInt8], verdict: MLLPReply) {
        let ack = verdict.acknowledgement(
            for: message, controlId: state.nextControlId(prefix: controlPrefix),
            timestamp: HL7Acknowledgement.timestamp(secondsSinceEpoch: clock()))
        if let code = verdict.reasonCode {
            // The reason code, the ERR location and our ACK's verdict: never the message's content.
            logger.warning(
                "answered \(verdict.code.rawValue)",
                metadata: [
                    "reason": "\(code)", "at": "\(verdict.segment.map { "\($0)-\(verdict.field ?? 0)" } ?? "-")",
                ])
        }
        context.writeAndFlush(wrapOutboundOut(ack), promise: nil)
        pending -= 1
        state.paid(verdict.code)
        if readHeld, pending < maximumPending {
            readHeld = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        if pending >= maximumPending {
            readHeld = true
            return
        }
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            if pending == 0 {
                logger.info("closing an idle connection")
                context.close(promise: nil)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.warning("connection error; closing", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
