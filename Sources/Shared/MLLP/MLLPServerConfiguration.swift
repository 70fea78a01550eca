import WaitwatchFeeds

/// How `listen` serves: where, whom, limits and TLS. A value; the command fills it from flags.
public struct MLLPServerConfiguration: Sendable {
    /// Address to bind (an IP address or a host name), 127.0.0.1 unless the operator says.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free one (tests), the bound port is returned by ``MLLPServer/start()``.
    public var port: Int = 2575
    /// Senders allowed to connect (loopback only by default).
    public var allowList: SenderAllowList = .loopback
    /// The largest message accepted (bytes, framing excluded): the HL7 adapter's own limit.
    public var maximumFrameBytes: Int = HL7Message.maximumBytes
    /// A connection with nothing owed that sends nothing for this long is closed (seconds).
    public var idleTimeoutSeconds: Int = 300
    /// ACKs a connection may owe before the server stops reading from it.
    public var maximumPendingPerConnection: Int = 64
    /// TLS, when set.
    public var tls: MLLPTLSFiles?

    /// The defaults.
    public init() {}

    /// `HOST:PORT` (IPv6 as `[::1]:2575`), or nil.
    public static func parseAddress(_ text: String) -> (host: String, port: Int)? {
        var host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        if host.isEmpty { host = "127.0.0.1" }
        guard let port = Int(portText), (0...65_535).contains(port) else { return nil }
        return (String(host), port)
    }
}

/// The TLS files of `listen`: server certificate chain and key (PEM), optionally the CA that
/// client certificates must chain to (mutual TLS) and the key's passphrase (read by the
/// command from a file or the environment, never from the command line).
public struct MLLPTLSFiles: Sendable {
    /// PEM certificate chain, leaf first.
    public var certificate: String
    /// PEM private key.
    public var key: String
    /// PEM CA certificates; when set, a client without a certificate from them is refused.
    public var clientCA: String?
    /// The key's passphrase bytes, if it is encrypted.
    public var passphrase: [UInt8]?

    /// TLS from these files.
    public init(certificate: String, key: String, clientCA: String? = nil, passphrase: [UInt8]? = nil) {
        self.certificate = certificate
        self.key = key
        self.clientCA = clientCA
        self.passphrase = passphrase
    }
}
