/// `--metrics ADDRESS:PORT`: where the operations server listens (`127.0.0.1:9464`,
/// `0.0.0.0:9464`, `[::1]:9464`, `:9464` for every address).
public struct MetricsAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host to bind (`0.0.0.0` when the option gave only `:PORT`).
    public var host: String
    /// The port (0: any free port).
    public var port: Int

    /// Parses `ADDRESS:PORT`; nil when it is not one.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
