import ArgumentParser
import Dispatch
import Foundation
import WaitwatchConfig
import WaitwatchCore
import WaitwatchFeeds
import WaitwatchKafka
import WaitwatchMLLP
import WaitwatchCLI

/// `waitwatch-producer listen --mllp HOST:PORT`: a live HL7 v2 feed over MLLP, as integration
/// engines send it. A thin shell: flags to ``MLLPServerConfiguration``, the producer, the
/// server, and SIGTERM/SIGINT to a drain.
struct ListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Receive HL7 v2 messages over MLLP, publish their events and acknowledge each message.",
        discussion: """
            Each framed message (0x0B … 0x1C 0x0D) is converted as docs/FEEDS.md section 2 says and \
            its events published keyed {trust}/{service}. The ACK is AA only after the cluster \
            acknowledged every event of the message; AE for a message whose content cannot be \
            converted (do not resend it unchanged); AR for what is not a processable message \
            (framing, message type) or could not be delivered (resend later). Senders connect \
            from the --allow blocks only (loopback by default). SIGTERM or Ctrl-C drains: no new \
            connections or messages, owed ACKs are written (up to --drain-timeout), then exit 0. \
            The TLS key's passphrase comes from --tls-key-passphrase-file or the environment \
            variable WAITWATCH_TLS_KEY_PASSPHRASE, never from the command line. \
            Exit status: 3 when the cluster cannot be reached or lacks the topic at start.
            """)

    @OptionGroup var options: KafkaOptions

    @Option(help: ArgumentHelp("Address to listen on, HOST:PORT ([::1]:2575 for IPv6; port 0 picks a free one).", valueName: "host:port"))
    var mllp: String

    @Option(help: ArgumentHelp("Accept senders from this IPv4/IPv6 CIDR block (repeatable; default: loopback only).", valueName: "cidr"))
    var allow: [String] = []

    @Option(help: ArgumentHelp("Topic to publish to (default: the configuration's events topic, referral-events).", valueName: "topic"))
    var topic: String?

    @Option(
        help: ArgumentHelp("Configuration file (service catalogue, topic names, feeds.codeMap, feeds.patientRefKey).", valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("tls-cert"), help: ArgumentHelp("Serve TLS with this PEM certificate chain (needs --tls-key).", valueName: "file")
    )
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(
        name: .customLong("tls-key-passphrase-file"),
        help: ArgumentHelp("A file holding the key's passphrase (else $WAITWATCH_TLS_KEY_PASSPHRASE, if set).", valueName: "file"))
    var tlsKeyPassphraseFile: String?

    @Option(
        name: .customLong("tls-client-ca"),
        help: ArgumentHelp("Mutual TLS: accept only clients with a certificate from this PEM CA.", valueName: "file"))
    var tlsClientCA: String?

    @Option(
        name: .customLong("ack-timeout"),
        help: ArgumentHelp("Seconds the cluster may take to acknowledge a message's events before the ACK is AR.", valueName: "s"))
    var ackTimeout: Int = 30

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp("Close a connection that sends nothing for this many seconds (and is owed no ACK).", valueName: "s"))
    var idleTimeout: Int = 300

    @Option(
        name: .customLong("max-frame-bytes"),
        help: ArgumentHelp("The largest message accepted; a larger frame is discarded and answered AR.", valueName: "bytes"))
    var maxFrameBytes: Int = HL7Message.maximumBytes

    @Option(
        name: .customLong("drain-timeout"), help: ArgumentHelp("On SIGTERM, seconds to wait for owed ACKs before closing.", valueName: "s"))
    var drainTimeout: Int = 30

    func validate() throws {
        guard MLLPServerConfiguration.parseAddress(mllp) != nil else { throw ValidationError(MLLPServerError.badAddress(mllp).description) }
        for entry in allow where SenderAllowList.Block(entry) == nil {
            throw ValidationError(MLLPServerError.badAllowEntry(entry).description)
        }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if tlsCert == nil, tlsClientCA != nil || tlsKeyPassphraseFile != nil {
            throw ValidationError("--tls-client-ca and --tls-key-passphrase-file need --tls-cert and --tls-key")
        }
        if ackTimeout < 1 { throw ValidationError("--ack-timeout must be at least 1 second") }
        if idleTimeout < 1 { throw ValidationError("--idle-timeout must be at least 1 second") }
        if drainTimeout < 0 { throw ValidationError("--drain-timeout must not be negative") }
        if maxFrameBytes < 64 || maxFrameBytes > HL7Message.maximumBytes {
            throw ValidationError("--max-frame-bytes must be between 64 and \(HL7Message.maximumBytes)")
        }
    }

    func run() throws {
        let logger = options.makeLogger(label: "waitwatch.listen")
        let configuration = try config.map { try WaitwatchConfiguration.load(path: $0) } ?? WaitwatchConfiguration()
        let key = try configuration.feeds.resolveKey(environment: ProcessInfo.processInfo.environment, source: config ?? "configuration")
        let settings = FeedSettings(
            catalogue: configuration.catalogue, codeMap: ServiceCodeMap(configuration.feeds.codeMap),
            patientHasher: key.map { PatientReferenceHasher(key: $0) })
        let topic = topic ?? configuration.topics.events

        var server = MLLPServerConfiguration()
        if let (host, port) = MLLPServerConfiguration.parseAddress(mllp) { (server.host, server.port) = (host, port) }
        if !allow.isEmpty { server.allowList = try SenderAllowList(parsing: allow) }
        server.idleTimeoutSeconds = idleTimeout
        server.maximumFrameBytes = maxFrameBytes
        if let tlsCert, let tlsKey {
            server.tls = MLLPTLSFiles(certificate: tlsCert, key: tlsKey, clientCA: tlsClientCA, passphrase: try passphrase())
        }

        var producerConfiguration = KafkaProducerConfiguration(kafka: try options.configuration())
        producerConfiguration.messageTimeoutMilliseconds = ackTimeout * 1_000
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        do {
            try ClusterCheck.requireTopic(topic, producer: producer, brokers: options.brokers)
        } catch {
            Output.error("listen: \(error.message)")
            throw ExitCode(3)
        }

        // Signals are taken before the port opens, so a SIGTERM right after start-up still drains.
        let stop = DispatchSemaphore(value: 0)
        let signals = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }

        let ingest = MLLPIngest(settings: settings, topic: topic, gateway: DeliveryGateway(producer: producer))
        let listener = try MLLPServer(configuration: server, ingest: ingest, logger: logger)
        let address = try listener.start()
        let blocks = server.allowList.blocks.map(\.description).joined(separator: ", ")
        Output.error(
            "listen: accepting HL7 v2 over MLLP on \(address.ipAddress ?? server.host):\(address.port ?? server.port) "
                + "(\(server.tls == nil ? "plain TCP" : server.tls?.clientCA == nil ? "TLS" : "mutual TLS")), senders from \(blocks), topic \(topic)"
        )
        stop.wait()
        Output.error("listen: draining (no new connections; waiting up to \(drainTimeout) s for owed ACKs)")
        let owed = listener.drain(timeout: .seconds(drainTimeout))
        Output.error("listen: stopped: \(listener.counters.summary)\(owed > 0 ? ", \(owed) ACK(s) not written before the deadline" : "")")
    }

    /// The key's passphrase: from the file, else the environment, else none.
    private func passphrase() throws -> [UInt8]? {
        if let tlsKeyPassphraseFile {
            guard let data = FileManager.default.contents(atPath: tlsKeyPassphraseFile) else {
                throw ValidationError("--tls-key-passphrase-file \(tlsKeyPassphraseFile): cannot read the file")
            }
            var bytes = Array(data)
            while bytes.last == 0x0A || bytes.last == 0x0D { bytes.removeLast() }
            return bytes
        }
        if let value = ProcessInfo.processInfo.environment["WAITWATCH_TLS_KEY_PASSPHRASE"], !value.isEmpty { return Array(value.utf8) }
        return nil
    }
}
