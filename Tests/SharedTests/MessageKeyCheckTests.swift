import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// SPEC section 1, "Ordering": a message keyed other than its event's `{trust}/{service}`.
@Suite struct MessageKeyCheckTests {
    var event: ReferralEvent {
        var b = EventBuilder(trust: "RAJ", service: "SALT")
        return b.next(.referralReceived, "R-1", at: "2026-03-01T09:00:00Z")
    }

    @Test func theEventsOwnKeyAndNoKeyAreAccepted() {
        #expect(MessageKeyCheck.reason(key: Array("RAJ/SALT".utf8), event: event) == nil)
        #expect(MessageKeyCheck.reason(key: nil, event: event) == nil)
    }

    @Test func anotherTrustOrServiceNamesBoth() {
        #expect(
            MessageKeyCheck.reason(key: Array("RAJ/CAMHS".utf8), event: event)
                == "key-mismatch: message key \"RAJ/CAMHS\" is not the event's trust/service \"RAJ/SALT\"")
        #expect(
            MessageKeyCheck.reason(key: Array("RXX/SALT".utf8), event: event)
                == "key-mismatch: message key \"RXX/SALT\" is not the event's trust/service \"RAJ/SALT\"")
    }

    @Test func aKeyOfAnotherShapeIsNotShown() {
        // A producer keying by referral or patient must not get that into a reason header.
        for key in ["R-1", "raj/salt", "", "RAJ/SALT/extra", "RAJ/", "9434765919"] {
            let reason = MessageKeyCheck.reason(key: Array(key.utf8), event: event)
            #expect(
                reason
                    == "key-mismatch: message key (\(key.utf8.count) bytes) is not of the form trust/service; the event's is \"RAJ/SALT\"",
                "\(key)")
        }
        #expect(MessageKeyCheck.reason(key: [0xFF, 0x2F, 0x00], event: event)?.hasPrefix("key-mismatch: message key (3 bytes)") == true)
    }

    /// The worker checks keys in librdkafka's memory (``MessageKeyCheck/reason(rawKey:event:)``):
    /// the same verdict and reason as for a copied key, for keys that match, differ by one byte
    /// anywhere, or differ in length.
    @Test func aRawKeyGetsTheSameVerdictAsACopiedOne() {
        var keys = ["RAJ/SALT", "RAJ/SAL", "RAJ/SALTS", "RA/SALT", "RAJSALT", "", "/", "RAJ/CAMHS", "R-1", "9434765919"]
        let own = Array("RAJ/SALT".utf8)
        for i in own.indices {
            var changed = own
            changed[i] ^= 0x01
            keys.append(String(decoding: changed, as: UTF8.self))
        }
        for key in keys {
            let bytes = Array(key.utf8)
            let raw = bytes.withUnsafeBytes { MessageKeyCheck.reason(rawKey: $0, event: event) }
            #expect(raw == MessageKeyCheck.reason(key: bytes, event: event), "\(key)")
            #expect((raw == nil) == (key == "RAJ/SALT"), "\(key)")
        }
    }
}
