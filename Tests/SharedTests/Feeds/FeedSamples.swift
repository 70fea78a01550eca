import Foundation
@testable import WaitwatchCore
@testable import WaitwatchConfig
@testable import WaitwatchSimulation
@testable import WaitwatchFeeds
import WaitwatchTesting

/// The feed samples of Fixtures/feeds and the settings they are meant for.
enum FeedSamples {
    /// The test code map: a local code and an example SNOMED-style code.
    static let settings = FeedSettings(
        codeMap: ServiceCodeMap(["SLT": "SALT", "724179005": "CAMHS"]),
        patientHasher: PatientReferenceHasher(key: Array("0123456789abcdef0123".utf8)))

    /// Patient data written in the samples; none of it may appear in any output.
    static let identifying = [
        "9434765919", "943 476 5919", "9990000018", "Poppy", "Fictitious", "Rory", "Madeup",
        "2015-06-14", "20150614", "2012-01-09", "20120109", "Imaginary", "ZZ99",
    ]

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: FixtureEvents.url("feeds/\(name)")))
    }

    /// Every outcome of converting `bytes` as `format`.
    static func outcomes(
        _ format: FeedFormat, _ bytes: [UInt8], settings: FeedSettings = settings
    ) -> [Result<[FeedConverter.Output], FeedRejection>] {
        var out: [Result<[FeedConverter.Output], FeedRejection>] = []
        FeedConverter(format: format, settings: settings).convert(bytes) { result, _ in out.append(result) }
        return out
    }

    /// The rejections of converting text.
    static func rejections(_ format: FeedFormat, _ text: String, settings: FeedSettings = settings) -> [FeedRejection] {
        rejections(format, Array(text.utf8), settings: settings)
    }

    static func rejections(_ format: FeedFormat, _ bytes: [UInt8], settings: FeedSettings = settings) -> [FeedRejection] {
        outcomes(format, bytes, settings: settings).compactMap { if case .failure(let r) = $0 { r } else { nil } }
    }

    /// The events of converting text.
    static func events(_ format: FeedFormat, _ text: String, settings: FeedSettings = settings) -> [ReferralEvent] {
        outcomes(format, Array(text.utf8), settings: settings).flatMap { (try? $0.get()) ?? [] }.map(\.event)
    }
}
