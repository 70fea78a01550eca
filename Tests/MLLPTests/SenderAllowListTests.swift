import NIOCore
import Testing
import WaitwatchMLLP

@Suite struct SenderAllowListTests {
    func peer(_ ip: String) throws -> SocketAddress { try SocketAddress(ipAddress: ip, port: 40_000) }

    @Test func loopbackIsTheDefault() throws {
        let list = SenderAllowList.loopback
        #expect(list.allows(try peer("127.0.0.1")))
        #expect(list.allows(try peer("127.9.9.9")))
        #expect(list.allows(try peer("::1")))
        #expect(!list.allows(try peer("10.0.0.1")))
        #expect(!list.allows(try peer("::2")))
        #expect(!list.allows(nil))
    }

    @Test func cidrBlocksMatchByPrefix() throws {
        let list = try SenderAllowList(parsing: ["10.20.0.0/16", "192.0.2.7", "2001:db8::/32"])
        #expect(list.allows(try peer("10.20.255.1")))
        #expect(!list.allows(try peer("10.21.0.1")))
        #expect(list.allows(try peer("192.0.2.7")))
        #expect(!list.allows(try peer("192.0.2.8")))
        #expect(list.allows(try peer("2001:db8:1::5")))
        #expect(!list.allows(try peer("2001:db9::5")))
        // An IPv4-mapped IPv6 peer is its IPv4 address.
        #expect(list.allows(try peer("::ffff:10.20.1.1")))
    }

    @Test func oddPrefixLengthsMaskBitsNotBytes() throws {
        let list = try SenderAllowList(parsing: ["10.0.0.0/9"])
        #expect(list.allows(try peer("10.127.0.1")))
        #expect(!list.allows(try peer("10.128.0.1")))
    }

    @Test(arguments: ["10.0.0.0/33", "10.0.0", "300.1.1.1", "abc", "::1/129", "10.0.0.1/", ""])
    func badEntriesAreOneLineErrors(_ text: String) {
        #expect(throws: MLLPServerError.badAllowEntry(text)) { try SenderAllowList(parsing: [text]) }
    }

    @Test func addressesParse() {
        #expect(MLLPServerConfiguration.parseAddress("127.0.0.1:2575")! == ("127.0.0.1", 2575))
        #expect(MLLPServerConfiguration.parseAddress("[::1]:0")! == ("::1", 0))
        #expect(MLLPServerConfiguration.parseAddress(":2575")! == ("127.0.0.1", 2575))
        #expect(MLLPServerConfiguration.parseAddress("host") == nil)
        #expect(MLLPServerConfiguration.parseAddress("h:70000") == nil)
        #expect(MLLPServerConfiguration.parseAddress("::1:2575") == nil)
    }
}
