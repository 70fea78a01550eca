/// Why `listen` cannot start: one line each, naming the option or file.
public enum MLLPServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `--allow` is not a CIDR block.
    case badAllowEntry(String)
    /// `--mllp` is not `HOST:PORT`.
    case badAddress(String)
    /// A TLS file cannot be read or used.
    case tls(file: String, reason: String)
    /// Binding the port failed.
    case bind(address: String, reason: String)

    public var description: String {
        switch self {
        case .badAllowEntry(let text): "--allow \(text): not an IPv4 or IPv6 CIDR block (e.g. 10.20.0.0/16, 192.0.2.7, ::1/128)"
        case .badAddress(let text): "--mllp \(text): expected HOST:PORT (e.g. 127.0.0.1:2575, [::1]:2575, 0.0.0.0:2575)"
        case .tls(let file, let reason): "TLS: \(file): \(reason)"
        case .bind(let address, let reason): "cannot listen on \(address): \(reason)"
        }
    }
}
