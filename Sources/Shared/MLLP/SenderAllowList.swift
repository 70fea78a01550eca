import NIOCore

/// The sender addresses `listen` accepts connections from: CIDR blocks, IPv4 or IPv6
/// (`10.1.0.0/16`, `192.0.2.7`, `::1/128`). An IPv4-mapped IPv6 peer (`::ffff:a.b.c.d`) is
/// matched as its IPv4 address. A value type, checked when a connection opens.
public struct SenderAllowList: Sendable, Hashable {
    /// One CIDR block: the address bytes (4 or 16) and the prefix length.
    public struct Block: Sendable, Hashable, CustomStringConvertible {
        /// Network address bytes, big-endian.
        public var address: [UInt8]
        /// Leading bits that must match.
        public var prefixLength: Int

        /// Parses `a.b.c.d[/n]` or an IPv6 address `[/n]`; nil when malformed.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let bytes = Self.parse(String(parts[0])) else { return nil }
            let maximum = bytes.count * 8
            if parts.count == 2 {
                guard let n = Int(parts[1]), (0...maximum).contains(n) else { return nil }
                prefixLength = n
            } else {
                prefixLength = maximum
            }
            address = bytes
        }

        /// Whether `bytes` (4 or 16) lie in the block.
        public func contains(_ bytes: [UInt8]) -> Bool {
            guard bytes.count == address.count else { return false }
            var bits = prefixLength
            for (a, b) in zip(address, bytes) where bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if a & mask != b & mask { return false }
                bits -= 8
            }
            return true
        }

        public var description: String {
            let text =
                address.count == 4
                ? address.map(String.init).joined(separator: ".")
                : stride(from: 0, to: 16, by: 2).map { String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16) }.joined(
                    separator: ":")
            return "\(text)/\(prefixLength)"
        }

        static func parse(_ text: String) -> [UInt8]? {
            if text.contains(":") {
                guard let address = try? SocketAddress(ipAddress: text, port: 0) else { return nil }
                return SenderAllowList.bytes(of: address)
            }
            let octets = text.split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4 else { return nil }
            var out: [UInt8] = []
            for o in octets {
                guard !o.isEmpty, o.count <= 3, o.allSatisfy(\.isNumber), let v = UInt8(o) else { return nil }
                out.append(v)
            }
            return out
        }
    }

    /// The blocks; a peer in any of them is accepted.
    public var blocks: [Block]

    /// Loopback only (`127.0.0.0/8` and `::1`): the default, so that exposing the port is a decision.
    public static let loopback = SenderAllowList(blocks: [Block("127.0.0.0/8")!, Block("::1/128")!])

    /// An allow-list of these blocks.
    public init(blocks: [Block]) {
        self.blocks = blocks
    }

    /// Parses CIDR texts, throwing a one-line error naming the first bad one.
    public init(parsing texts: [String]) throws(MLLPServerError) {
        var blocks: [Block] = []
        for text in texts {
            guard let block = Block(text) else { throw .badAllowEntry(text) }
            blocks.append(block)
        }
        self.blocks = blocks
    }

    /// Whether a peer may connect (false for addresses that are not IP, e.g. Unix sockets).
    public func allows(_ peer: SocketAddress?) -> Bool {
        guard let peer, var bytes = Self.bytes(of: peer) else { return false }
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            bytes = Array(bytes[12...])
        }
        return blocks.contains { $0.contains(bytes) }
    }

    static func bytes(of address: SocketAddress) -> [UInt8]? {
        switch address {
        case .v4(let a):
            return withUnsafeBytes(of: a.address.sin_addr) { Array($0) }
        case .v6(let a):
            return withUnsafeBytes(of: a.address.sin6_addr) { Array($0) }
        default:
            return nil
        }
    }
}
