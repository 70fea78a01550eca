import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import WaitwatchFeeds
import WaitwatchKafka

/// The `listen` server: HL7 v2 over MLLP from integration engines, one connection per
/// sender, many senders at once, each message answered with an ACK after its events are on
/// the cluster (``MLLPIngest``).
///
/// Pipeline per connection: [TLS] → read-idle timer → ``MLLPFrameDecoder`` /
/// ``MLLPFrameEncoder`` → the session. Senders outside the allow-list are closed before any
/// byte is read. ``start()`` and ``drain(timeout:)`` block; call them from the command's thread,
/// never from an event loop.
public final class MLLPServer: Sendable {
    /// How it serves.
    public let configuration: MLLPServerConfiguration
    private let ingest: MLLPIngest
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let state = MLLPServerState()
    private let tlsContext: NIOSSLContext?
    private let listener = Mutex<(any Channel)?>(nil)

    /// A server; nothing is bound until ``start()``.
    ///
    /// - Throws: ``MLLPServerError`` for unusable TLS files.
    public init(configuration: MLLPServerConfiguration, ingest: MLLPIngest, logger: Logger, threads: Int = 1) throws(MLLPServerError) {
        self.configuration = configuration
        self.ingest = ingest
        self.logger = logger
        tlsContext = try configuration.tls?.makeContext()
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
    }

    /// What the server did so far.
    public var counters: MLLPCounters { state.counters }

    /// Binds and starts accepting. Returns the bound address (the real port when 0 was asked).
    public func start() throws(MLLPServerError) -> SocketAddress {
        let configuration = configuration
        let state = state
        let ingest = ingest
        let logger = logger
        let tls = tlsContext
        // A per-run prefix keeps ACK control ids unique across restarts.
        let prefix = String(UInt64(Date().timeIntervalSince1970), radix: 36).uppercased()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let peer = channel.remoteAddress
                var connectionLogger = logger
                connectionLogger[metadataKey: "peer"] = "\(peer?.ipAddress ?? "?"):\(peer?.port ?? 0)"
                guard configuration.allowList.allows(peer) else {
                    state.count { $0.refused += 1 }
                    connectionLogger.warning("refused a connection: the sender's address is not on the allow-list (--allow)")
                    return channel.eventLoop.makeFailedFuture(ChannelError.inputClosed)
                }
                state.count { $0.connections += 1 }
                state.register(channel)
                channel.closeFuture.whenComplete { _ in state.unregister(channel) }
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls { try sync.addHandler(NIOSSLServerHandler(context: tls)) }
                    try sync.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(configuration.idleTimeoutSeconds))))
                    try sync.addHandler(ByteToMessageHandler(MLLPFrameDecoder(maximumFrameBytes: configuration.maximumFrameBytes)))
                    try sync.addHandler(MessageToByteHandler(MLLPFrameEncoder()))
                    try sync.addHandler(
                        MLLPSessionHandler(
                            ingest: ingest, state: state, controlPrefix: prefix, maximumPending: configuration.maximumPendingPerConnection,
                            logger: connectionLogger, clock: { Int64(Date().timeIntervalSince1970) }))
                }
            }
        do {
            let channel = try bootstrap.bind(host: configuration.host, port: configuration.port).wait()
            listener.withLock { $0 = channel }
            guard let address = channel.localAddress else {
                throw MLLPServerError.bind(address: configuration.host, reason: "no local address")
            }
            return address
        } catch let error as MLLPServerError {
            throw error
        } catch {
            throw .bind(address: "\(configuration.host):\(configuration.port)", reason: "\(error)")
        }
    }

    /// Graceful stop: stops accepting, answers new frames `AR` (shutting down), waits until
    /// every owed ACK is written or `timeout` passes, then closes every connection, stops the
    /// delivery gateway (deliveries still open then are answered `AR`, never `AA`) and the
    /// event loops. Blocks.
    ///
    /// - Returns: ACKs still owed at the deadline (0 after a clean drain).
    @discardableResult
    public func drain(timeout: Duration) -> Int {
        let deadline = ContinuousClock.now + timeout
        state.startDraining()
        if let channel = listener.withLock({ $0 }) { try? channel.close().wait() }
        while state.owed > 0, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let owed = state.owed
        let unresolved = ingest.gateway.stop(timeout: .milliseconds(100))
        // Give failed deliveries' ARs a moment to be written before the connections close.
        let settle = ContinuousClock.now + .seconds(1)
        while state.owed > 0, ContinuousClock.now < settle { Thread.sleep(forTimeInterval: 0.02) }
        for channel in state.openChannels { try? channel.close().wait() }
        try? group.syncShutdownGracefully()
        if owed > 0 || unresolved > 0 {
            logger.warning("drain deadline passed", metadata: ["owed": "\(owed)", "undelivered": "\(unresolved)"])
        }
        return owed
    }
}
