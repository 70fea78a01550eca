import Foundation
import Testing
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
@testable import WaitwatchFeeds
import WaitwatchTesting

/// The same referral histories in NDJSON, CSV, HL7 v2 and FHIR give the same events.
@Suite struct FeedEquivalenceTests {
    static let files: [(FeedFormat, String)] = [(.csv, "history.csv"), (.hl7v2, "history.hl7"), (.fhir, "history.fhir.ndjson")]

    func converted(_ format: FeedFormat, _ file: String) throws -> [FeedConverter.Output] {
        let outcomes = FeedSamples.outcomes(format, try FeedSamples.bytes(file))
        for case .failure(let r) in outcomes { Issue.record("\(file): \(r)") }
        return outcomes.flatMap { (try? $0.get()) ?? [] }
    }

    func withoutId(_ e: ReferralEvent) -> ReferralEvent {
        var e = e
        e.eventId = ""
        return e
    }

    @Test(arguments: files) func givesTheNDJSONEventsApartFromIds(_ format: FeedFormat, _ file: String) throws {
        let reference = try converted(.ndjson, "history.ndjson").map { withoutId($0.event) }
        let events = try converted(format, file).map { withoutId($0.event) }
        #expect(reference.count == 14)
        #expect(events == reference)
    }

    @Test(arguments: files) func derivedIdsAreUniqueAndStable(_ format: FeedFormat, _ file: String) throws {
        let first = try converted(format, file).map(\.event.eventId)
        let second = try converted(format, file).map(\.event.eventId)
        #expect(first == second)
        #expect(Set(first).count == first.count)
        #expect(first.allSatisfy { $0.hasPrefix(format == .hl7v2 ? "hl7-" : "\(format.rawValue)-") })
    }

    @Test func patientsAreTheSameHashedReferenceInEveryFormat() throws {
        func refs(_ format: FeedFormat, _ file: String) throws -> [String?] {
            try converted(format, file).map { output in
                let json = try JSONSerialization.jsonObject(with: Data(output.bytes)) as? [String: Any]
                return json?["patientRef"] as? String
            }
        }
        let csv = try refs(.csv, "history.csv")
        #expect(try refs(.hl7v2, "history.hl7") == csv)
        #expect(try refs(.fhir, "history.fhir.ndjson") == csv)
        #expect(Set(csv.compactMap { $0 }).count == 2)
        let expected = SHA256.hex(HMACSHA256.authenticationCode(for: Array("9434765919".utf8), key: Array("0123456789abcdef0123".utf8)))
        #expect(csv.first == expected)
    }

    @Test(arguments: files) func noPatientDataInAnyOutput(_ format: FeedFormat, _ file: String) throws {
        let text = String(decoding: try converted(format, file).flatMap(\.bytes), as: UTF8.self)
        for value in FeedSamples.identifying {
            #expect(!text.contains(value), "\(value) in the output of \(file)")
        }
    }

    @Test func withoutAKeyThereIsNoPatientRef() throws {
        let settings = FeedSettings(codeMap: FeedSamples.settings.codeMap)
        let outputs = FeedSamples.outcomes(.csv, try FeedSamples.bytes("history.csv"), settings: settings).flatMap { (try? $0.get()) ?? [] }
        #expect(outputs.count == 14)
        #expect(outputs.allSatisfy { !String(decoding: $0.bytes, as: UTF8.self).contains("patientRef") })
    }

    @Test func ignoredRecordsAreCountedNotRejected() throws {
        var ignored: [String] = []
        FeedConverter(format: .hl7v2, settings: FeedSamples.settings).convert(try FeedSamples.bytes("history.hl7")) { _, skipped in
            if let skipped { ignored.append(skipped.location) }
        }
        #expect(ignored == ["line 59, message \"MSG0013\""])  // REF^I13 accepting a referral
    }

    @Test func formatsAreGuessedFromTheirFirstBytes() throws {
        #expect(FeedFormat.guess(from: try FeedSamples.bytes("history.csv"))?.format == .csv)
        #expect(FeedFormat.guess(from: try FeedSamples.bytes("history.hl7"))?.format == .hl7v2)
        #expect(FeedFormat.guess(from: try FeedSamples.bytes("history.fhir.ndjson"))?.format == .fhir)
        #expect(FeedFormat.guess(from: try FeedSamples.bytes("history.ndjson"))?.format == .ndjson)
        #expect(FeedFormat.guess(from: [0x0B] + Array("MSH|^~\\&|".utf8))?.format == .hl7v2)
        #expect(FeedFormat.guess(from: Array("hello world\n".utf8)) == nil)
    }
}
