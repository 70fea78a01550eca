import Foundation

/// A sender as an integration engine is one: a plain POSIX TCP socket that writes MLLP frames
/// and reads the ACK frames back (no NIO, so the server is tested by an independent client).
final class MLLPTestClient {
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads time out after `timeout`.
    init(port: Int, timeout: Duration = .seconds(30)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(String(cString: strerror(errno)))") }
        var tv = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw TestFailure("connect to port \(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    /// Writes raw bytes (a frame, part of one, or garbage).
    func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestFailure("send: \(String(cString: strerror(errno)))") }
            sent += n
        }
    }

    /// Writes `message` in one MLLP frame.
    func send(_ message: String) throws {
        try write([0x0B] + Array(message.utf8) + [0x1C, 0x0D])
    }

    /// The next ACK frame's content, or nil when the server closed the connection.
    func receive() throws -> String? {
        while true {
            if let start = buffer.firstIndex(of: 0x0B), let end = buffer[start...].firstIndex(of: 0x1C), end + 1 < buffer.count,
                buffer[end + 1] == 0x0D
            {
                let frame = Array(buffer[(start + 1)..<end])
                buffer.removeFirst(end + 2)
                return String(decoding: frame, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            // End of file or a reset: the server closed the connection.
            if n == 0 || (n < 0 && errno == ECONNRESET) { return nil }
            guard n > 0 else { throw TestFailure("no ACK: \(String(cString: strerror(errno)))") }
            buffer += chunk[..<n]
        }
    }

    /// Sends `message` and returns its ACK.
    func exchange(_ message: String) throws -> Ack {
        try send(message)
        guard let text = try receive() else { throw TestFailure("the server closed the connection instead of answering") }
        return Ack(text)
    }

    /// An ACK's MSA fields.
    struct Ack: CustomStringConvertible {
        let text: String
        let msa: [String]
        init(_ text: String) {
            self.text = text
            msa =
                text.split(separator: "\r").first { $0.hasPrefix("MSA|") }.map {
                    $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                } ?? []
        }
        var code: String { msa.count > 1 ? msa[1] : "" }
        var controlId: String { msa.count > 2 ? msa[2] : "" }
        var reason: String { msa.count > 3 ? msa[3] : "" }
        var description: String { text.replacingOccurrences(of: "\r", with: "\\r") }
    }
}
