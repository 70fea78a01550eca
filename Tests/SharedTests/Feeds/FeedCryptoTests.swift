import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
@testable import WaitwatchFeeds
import WaitwatchTesting

/// SHA-256 and HMAC-SHA-256 against the published test vectors (FIPS 180-4 examples, RFC 4231).
@Suite struct FeedCryptoTests {
    @Test func sha256Vectors() {
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hmacVectorsOfRFC4231() {
        // Test case 2: key "Jefe".
        #expect(
            SHA256.hex(HMACSHA256.authenticationCode(for: Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a 131-byte key (hashed first).
        #expect(
            SHA256.hex(
                HMACSHA256.authenticationCode(
                    for: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8), key: [UInt8](repeating: 0xAA, count: 131)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func patientReferencesIgnoreSpacingAndDependOnTheKey() {
        let a = PatientReferenceHasher(key: Array("key-one-0123456789".utf8))
        let b = PatientReferenceHasher(key: Array("key-two-0123456789".utf8))
        #expect(a.reference(for: "943 476 5919") == a.reference(for: "9434765919"))
        #expect(a.reference(for: "9434765919") != b.reference(for: "9434765919"))
        #expect(a.reference(for: "9434765919")?.count == 64)
        #expect(a.reference(for: "  ") == nil)
    }
}
