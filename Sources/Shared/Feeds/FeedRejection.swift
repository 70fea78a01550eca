import WaitwatchCore
/// Why one source record (CSV row, HL7 message, FHIR resource) gives no event, and where it
/// is: FEEDS.md "reported with its location and the reason".
///
/// Neither the location nor the reason ever holds a patient's name, NHS number, date of
/// birth, patient id or referral id: locations are line, message control id, segment and
/// field, or entry index and resource type and element path; values quoted in reasons are
/// only codes, dates and organisation codes (at most 40 characters).
public struct FeedRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where, e.g. `line 12, column SERVICE_CODE` or `message MSG00004, RF1-6`.
    public var location: String
    /// A short fixed label for the summary (bounded set), e.g. `unknown-service`.
    public var code: String
    /// One line saying what is wrong.
    public var reason: String

    /// A rejection at `location`.
    public init(location: String, code: String, reason: String) {
        self.location = location
        self.code = code
        self.reason = reason
    }

    /// `location: reason`.
    public var description: String { "\(location): \(reason)" }

    /// Quotes a value from the input for a reason (escaped, at most 40 characters).
    public static func quoted(_ value: String) -> String { EventRejection.quoted(value) }
}

extension FeedRejection {
    /// The line number at the start of ``location`` (every adapter's locations begin with
    /// `line N`), or nil.
    public var line: Int? {
        guard location.hasPrefix("line ") else { return nil }
        return Int(location.dropFirst(5).prefix { $0.isNumber })
    }
}
