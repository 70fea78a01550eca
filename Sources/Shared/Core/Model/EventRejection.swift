/// Why an input message is not a usable event (SPEC section 1, "Bad input").
///
/// Exactly one rejection is reported per message: the first problem found, checking in this
/// order: UTF-8, JSON syntax and structure (in document order, including duplicate field
/// names), then the fields in SPEC table order (`eventId`, `type`, `referralId`, `trust`,
/// `service`, `occurredAt`, then the type's own fields). The same bytes always give the same
/// rejection.
///
/// ``reason`` is a stable one-line text for the dead-letter reason header and logs; values
/// copied from the input are quoted, escaped and cut to 40 characters so that the reason
/// stays one short line. ``category`` is a short fixed label for metrics.
public enum EventRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not well-formed UTF-8.
    case notUTF8
    /// The bytes are not well-formed JSON.
    case notJSON(JSONSyntaxError)
    /// The JSON value is not an object.
    case notAnObject(JSONValueKind)
    /// A top-level field name occurs twice (compared after unescaping).
    case duplicateField(String)
    /// A field required on every event is absent.
    case missingField(String)
    /// A field required on this event type is absent.
    case missingFieldForType(field: String, type: EventType)
    /// A field has the wrong JSON type (e.g. `"trust": 5`).
    case wrongType(field: String, expected: JSONValueKind, got: JSONValueKind)
    /// `eventId` or `referralId` is not 1–128 Unicode code points long.
    case invalidLength(field: String, codePoints: Int)
    /// A string field that must not be empty is empty (`appointmentId`).
    case emptyField(String)
    /// `trust` is not 3–9 characters of `A`–`Z` and `0`–`9`.
    case invalidTrust(String)
    /// `trust` is `ALL`, which names the all-trusts statistics.
    case reservedTrust
    /// `service` is not in the catalogue.
    case unknownService(String)
    /// `type` is not one of the event types.
    case unknownType(String)
    /// A timestamp field is not RFC 3339 with an offset.
    case badTimestamp(field: String, error: RFC3339Error, text: String)
    /// An enumerated field (`priority`, `cancelledBy`) has a value outside its set.
    case invalidValue(field: String, allowed: [String], got: String)

    /// The one-line reason, e.g. `missing required field "occurredAt"`.
    public var reason: String {
        switch self {
        case .notUTF8:
            return "not valid UTF-8"
        case .notJSON(let error):
            return "not JSON: \(error)"
        case .notAnObject(let kind):
            return "not a JSON object: got \(kind)"
        case .duplicateField(let name):
            return "duplicate field \(Self.quoted(name))"
        case .missingField(let field):
            return "missing required field \"\(field)\""
        case .missingFieldForType(let field, let type):
            return "field \"\(field)\" is required on \(type.rawValue)"
        case .wrongType(let field, let expected, let got):
            return "field \"\(field)\" must be a \(expected), got \(got)"
        case .invalidLength(let field, let codePoints):
            return "field \"\(field)\" must be 1–128 characters, got \(codePoints)"
        case .emptyField(let field):
            return "field \"\(field)\" must not be empty"
        case .invalidTrust(let value):
            return "field \"trust\" must be 3–9 uppercase letters or digits, got \(Self.quoted(value))"
        case .reservedTrust:
            return "trust \"ALL\" is reserved"
        case .unknownService(let code):
            return "unknown service \(Self.quoted(code))"
        case .unknownType(let type):
            return "unknown type \(Self.quoted(type))"
        case .badTimestamp(let field, let error, let text):
            return "bad timestamp in \"\(field)\": \(error), got \(Self.quoted(text))"
        case .invalidValue(let field, let allowed, let got):
            let choices = allowed.map { "\"\($0)\"" }.joined(separator: " or ")
            return "field \"\(field)\" must be \(choices), got \(Self.quoted(got))"
        }
    }

    /// A short fixed label for metrics and dashboards (bounded cardinality), e.g.
    /// `missing-field`.
    public var category: String {
        switch self {
        case .notUTF8: return "not-utf8"
        case .notJSON: return "not-json"
        case .notAnObject: return "not-object"
        case .duplicateField: return "duplicate-field"
        case .missingField, .missingFieldForType: return "missing-field"
        case .wrongType: return "wrong-type"
        case .invalidLength, .emptyField, .invalidTrust, .invalidValue: return "invalid-value"
        case .reservedTrust: return "reserved-trust"
        case .unknownService: return "unknown-service"
        case .unknownType: return "unknown-type"
        case .badTimestamp: return "bad-timestamp"
        }
    }

    /// Same as ``reason``.
    public var description: String { reason }

    /// Quotes a value from the input for a one-line reason: JSON-style escapes for quotes,
    /// backslashes and control characters, and at most 40 characters (then `…`).
    package static func quoted(_ value: String) -> String {
        var out = "\""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == 40 {
                out += "…"
                break
            }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _
            where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out + "\""
    }
}
