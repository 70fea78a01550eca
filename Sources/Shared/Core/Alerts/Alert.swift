/// One alert record of topic `referral-wait-alerts` and one line of the alert log (SPEC
/// section 3): a rule started (``AlertState/firing``) or stopped (``AlertState/resolved``)
/// being breached for a (trust, service), `ALL` included, on day ``asOf``.
///
/// ``alertId`` is `{rule}/{trust}/{service}/{asOf of firing}`; a resolve carries the `alertId`
/// of the firing it closes, so a consumer pairs them by `alertId`, and the same firing
/// re-published after a crash has the same `alertId` (deduplicate on `alertId` + `state`).
///
/// Encode with ``jsonBytes()`` (fields in SPEC order; `value` and `threshold` are JSON numbers
/// such as `41.2`, `92`, or `null` when there is no value); decode with `JSONDecoder`. The Kafka
/// key is ``key``; the log line is ``logLine``. Thread-safety: a plain value.
public struct Alert: Sendable, Hashable {
    /// `{rule}/{trust}/{service}/{asOf of firing}`, e.g. `long-waiters/RAJ/SALT/2026-05-06`.
    public var alertId: String
    /// The rule.
    public var rule: AlertRule
    /// Trust code, or `ALL`.
    public var trust: String
    /// Service code.
    public var service: String
    /// Firing or resolved.
    public var state: AlertState
    /// The census day (Europe/London) of the statistics record that caused this transition.
    public var asOf: CivilDay
    /// The measured value in tenths: percent within target for `waiting-standard` (412 =
    /// 41.2 %), the number of long waiters × 10 for `long-waiters`, the growth in percent for
    /// `waiting-list-growth` (negative when the list shrank). Nil when there is none: nobody
    /// waits (a `waiting-standard` resolve), or the list was empty `W` days earlier.
    public var valueTenths: Int?
    /// The threshold in tenths: the standard in percent (920 = 92 %), 0 long waiters, the
    /// growth allowed in percent (100 = 10 %).
    public var thresholdTenths: Int
    /// How urgently to act.
    public var severity: AlertSeverity
    /// What happened, in plain English for an operator, e.g. `CAMHS at RAJ: 41.2% of 1,204
    /// waiting children are within the 4-week target (standard: 92%)`. One line.
    public var message: String

    /// Creates an alert from its fields (``AlertEvaluator`` makes them; this is for tests and
    /// tools).
    public init(
        alertId: String, rule: AlertRule, trust: String, service: String, state: AlertState, asOf: CivilDay,
        valueTenths: Int?, thresholdTenths: Int, severity: AlertSeverity, message: String
    ) {
        self.alertId = alertId
        self.rule = rule
        self.trust = trust
        self.service = service
        self.state = state
        self.asOf = asOf
        self.valueTenths = valueTenths
        self.thresholdTenths = thresholdTenths
        self.severity = severity
        self.message = message
    }

    /// The `alertId` of a firing of `rule` for (`trust`, `service`) on `firedOn`.
    public static func id(rule: AlertRule, trust: String, service: String, firedOn: CivilDay) -> String {
        "\(rule.rawValue)/\(trust)/\(service)/\(firedOn.description)"
    }

    /// ``valueTenths`` as a number with at most one decimal (41.2), or nil.
    public var value: Double? { valueTenths.map { Double($0) / 10 } }

    /// ``thresholdTenths`` as a number with at most one decimal (92).
    public var threshold: Double { Double(thresholdTenths) / 10 }

    /// The Kafka key: `{rule}/{trust}/{service}`, so that every firing and resolve of one rule
    /// for one (trust, service) lands on one partition, in order.
    public var key: String { "\(rule.rawValue)/\(trust)/\(service)" }

    /// The alert log line: one line, fields in a fixed order, padded so that lines align:
    /// `asOf SEVERITY STATE rule trust/service  value=… threshold=…  message  [alertId]`, e.g.
    ///
    /// ```
    /// 2026-05-06 CRITICAL FIRING   long-waiters        RAJ/SALT  value=3 threshold=0  Speech and language therapy at RAJ: 3 children have waited over 52 weeks  [long-waiters/RAJ/SALT/2026-05-06]
    /// ```
    ///
    /// `FIRING`/`RESOLVED` and the severity in capitals are stable tokens to grep for; a
    /// missing value is `value=null`. Control characters in the message become spaces.
    public var logLine: String {
        let value = valueTenths.map(AlertText.tenths) ?? "null"
        return "\(asOf.description) \(AlertText.padded(severity.logName, 8)) \(AlertText.padded(state.logName, 8)) "
            + "\(AlertText.padded(rule.rawValue, 19)) \(trust)/\(service)  value=\(value) threshold=\(AlertText.tenths(thresholdTenths))  "
            + "\(AlertText.oneLine(message))  [\(alertId)]"
    }

    /// The JSON object for topic `referral-wait-alerts`, UTF-8, fields in SPEC order:
    /// `{"alertId":…,"rule":…,"trust":…,"service":…,"state":"firing","asOf":"2026-05-06","value":3,"threshold":0,"severity":"critical","message":…}`.
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(320)
        out.append(UInt8(ascii: "{"))
        JSONWriter.appendKey("alertId", to: &out)
        JSONWriter.appendString(alertId, to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("rule", to: &out)
        JSONWriter.appendString(rule.rawValue, to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("trust", to: &out)
        JSONWriter.appendString(trust, to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("service", to: &out)
        JSONWriter.appendString(service, to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("state", to: &out)
        JSONWriter.appendString(state.rawValue, to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("asOf", to: &out)
        JSONWriter.appendString(asOf.description, to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("value", to: &out)
        out.append(contentsOf: (valueTenths.map(AlertText.tenths) ?? "null").utf8)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("threshold", to: &out)
        out.append(contentsOf: AlertText.tenths(thresholdTenths).utf8)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("severity", to: &out)
        JSONWriter.appendString(severity.rawValue, to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("message", to: &out)
        JSONWriter.appendString(message, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// ``jsonBytes()`` as a string.
    public var jsonString: String { String(decoding: jsonBytes(), as: UTF8.self) }
}
