import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
import WaitwatchTesting

/// SPEC section 1, "Implausible times": boundaries of the 24-hour and 20-year limits.
@Suite struct ImplausibleTimeCheckTests {
    let check = ImplausibleTimeCheck()
    /// 2026-03-01T12:00:00Z in milliseconds.
    let message: Int64 = 1_772_366_400_000

    func at(_ text: String) throws -> Timestamp { try Timestamp.parseRFC3339(text) }

    @Test func exactlyTheLimitsArePlausible() throws {
        #expect(check.reason(occurredAt: try at("2026-03-02T12:00:00Z"), messageTimestampMilliseconds: message) == nil)
        #expect(check.reason(occurredAt: try at("2026-03-01T12:00:00Z"), messageTimestampMilliseconds: message) == nil)
        // 20 years of 365.25 days = 7,305 days before 2026-03-01T12:00Z is 2006-03-01T12:00Z.
        #expect(check.reason(occurredAt: try at("2006-03-01T12:00:00Z"), messageTimestampMilliseconds: message) == nil)
    }

    @Test func justPastTheFutureLimitIsImplausible() throws {
        let reason = try #require(check.reason(occurredAt: try at("2026-03-02T12:00:00.001Z"), messageTimestampMilliseconds: message))
        #expect(
            reason
                == "implausible-time: occurredAt 2026-03-02T12:00:00.001Z is more than 24 hours after the message timestamp 2026-03-01T12:00:00Z"
        )
    }

    @Test func justPastThePastLimitIsImplausible() throws {
        let reason = try #require(check.reason(occurredAt: try at("2006-03-01T11:59:59.999Z"), messageTimestampMilliseconds: message))
        #expect(
            reason
                == "implausible-time: occurredAt 2006-03-01T11:59:59.999Z is more than 20 years before the message timestamp 2026-03-01T12:00:00Z"
        )
    }

    @Test func theIssuesDatesAreImplausible() throws {
        for text in ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2030-03-01T09:00:00Z"] {
            let reason = check.reason(occurredAt: try at(text), messageTimestampMilliseconds: message)
            #expect(reason?.hasPrefix("implausible-time: occurredAt \(text)") == true, "\(text)")
        }
    }

    @Test func noMessageTimestampIsNotChecked() throws {
        #expect(check.reason(occurredAt: try at("0000-01-01T00:00:00Z"), messageTimestampMilliseconds: nil) == nil)
    }

    @Test func configuredLimitsAreUsed() throws {
        let strict = ImplausibleTimeCheck(maxAheadHours: 0, maxBehindYears: 1)
        #expect(strict.reason(occurredAt: try at("2026-03-01T12:00:00Z"), messageTimestampMilliseconds: message) == nil)
        #expect(strict.reason(occurredAt: try at("2026-03-01T12:00:00.001Z"), messageTimestampMilliseconds: message) != nil)
        #expect(strict.reason(occurredAt: try at("2025-03-01T06:00:00Z"), messageTimestampMilliseconds: message) == nil)
        #expect(
            strict.reason(occurredAt: try at("2025-03-01T05:59:59Z"), messageTimestampMilliseconds: message)?.contains(
                "more than 1 years before") == true)
    }

    @Test func extremeMessageTimestampsNeverTrap() throws {
        let event = try at("2026-03-01T12:00:00Z")
        for ms in [Int64.min, Int64.max, -1, 0, 1 << 62] {
            #expect(check.reason(occurredAt: event, messageTimestampMilliseconds: ms) != nil, "\(ms)")
        }
        #expect(check.reason(occurredAt: event, messageTimestampMilliseconds: .max)?.hasSuffix("\(Int64.max) ms since 1970") == true)
    }

    @Test func configurationKeysAndDefaults() throws {
        #expect(WaitwatchConfiguration().implausibleTime == ImplausibleTimeCheck(maxAheadHours: 24, maxBehindYears: 20))
        let c = try WaitwatchConfiguration(yaml: "implausibleTime:\n  maxAheadHours: 48\n  maxBehindYears: 30\n")
        #expect(c.implausibleTime == ImplausibleTimeCheck(maxAheadHours: 48, maxBehindYears: 30))
        #expect(
            throws: ConfigurationError.invalidValue(
                source: "c.yaml", keyPath: "implausibleTime.maxBehindYears",
                problem: "must be a whole number of years between 1 and 200, got 0")
        ) {
            try WaitwatchConfiguration(yaml: "implausibleTime:\n  maxBehindYears: 0\n", source: "c.yaml")
        }
        #expect(throws: ConfigurationError.self) {
            try WaitwatchConfiguration(yaml: "implausibleTime:\n  maxAhead: 1\n", source: "c.yaml")
        }
    }
}
