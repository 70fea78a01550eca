import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP server of `--metrics ADDRESS:PORT`: answers `GET /metrics`, `/healthz` and `/readyz`
/// from ``OperationsEndpoints`` on one SwiftNIO event loop thread of its own (so a slow scrape
/// never delays the worker's loop). Start with ``start(host:port:endpoints:logger:)``, stop with
/// ``stop()``; the bound port is ``port`` (useful with port 0).
public final class OperationsServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// The port the server listens on.
    public let port: Int

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, port: Int) {
        self.group = group
        self.channel = channel
        self.port = port
    }

    /// Binds `host:port` and serves. Throws a one-line error when the address cannot be bound.
    public static func start(host: String, port: Int, endpoints: OperationsEndpoints, logger: Logger) async throws -> OperationsServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(OperationsHandler(endpoints: endpoints))
                }
            }
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            let bound = channel.localAddress?.port ?? port
            logger.info("serving /metrics, /healthz and /readyz", metadata: ["address": "\(host):\(bound)"])
            return OperationsServer(group: group, channel: channel, port: bound)
        } catch {
            try? await group.shutdownGracefully()
            throw OperationsServerError("cannot listen on \(host):\(port) for --metrics: \(error)")
        }
    }

    /// Closes the listening socket and the event loop.
    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

/// A one-line error of the operations server (the address cannot be bound).
public struct OperationsServerError: Error, CustomStringConvertible {
    /// What went wrong, in one line.
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Answers each request of one connection; keeps the connection alive when the client asks to.
private final class OperationsHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let endpoints: OperationsEndpoints

    init(endpoints: OperationsEndpoints) { self.endpoints = endpoints }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let response: OperationsResponse =
            head.method == .GET || head.method == .HEAD
            ? endpoints.respond(to: head.uri) : .text(405, "only GET is served")
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: "\(response.body.count)")
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let responseHead = HTTPResponseHead(
            version: head.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
