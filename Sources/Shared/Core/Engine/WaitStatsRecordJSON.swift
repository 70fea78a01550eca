extension WaitStatsRecord {
    /// The record as one line of UTF-8 JSON (no trailing newline), fields in the order of the
    /// worked example (with `level` after `trust`) followed by `lateEvents`, `lastEventAt` (RFC 3339
    /// in UTC), `trustsReporting` and `feedSilent`; `withinTargetPct` with exactly one decimal
    /// (`100.0`), `null` for absent percentiles.
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(640)
        appendJSON(to: &out)
        return out
    }

    /// The record as one line of JSON text (see ``jsonBytes()``).
    public func jsonString() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }

    /// Appends the JSON encoding of the record (see ``jsonBytes()``) to `out`.
    public func appendJSON(to out: inout [UInt8]) {
        var w = RecordJSONWriter(out: [])
        swap(&w.out, &out)
        w.raw("{\"trust\":"); w.string(trust)
        w.raw(",\"level\":\""); w.raw(level.jsonText); w.raw("\"")
        w.raw(",\"service\":"); w.string(service)
        w.raw(",\"asOf\":\"")
        asOf.appendISO8601(to: &w.out)
        w.raw("\",\"windowDays\":"); w.int(windowDays)
        w.raw(",\"targetDays\":"); w.int(targetDays)
        w.raw(",\"standardPct\":"); w.int(standardPct)
        w.raw(",\"waiting\":{\"count\":"); w.int(waiting.count)
        w.raw(",\"medianDays\":"); w.int(waiting.medianDays)
        w.raw(",\"p90Days\":"); w.int(waiting.p90Days)
        w.raw(",\"p92Days\":"); w.int(waiting.p92Days)
        w.raw(",\"maxDays\":"); w.int(waiting.maxDays)
        w.raw(",\"withinTargetPct\":"); w.tenths(waiting.withinTargetPctTenths)
        w.raw(",\"over18Weeks\":"); w.int(waiting.over18Weeks)
        w.raw(",\"over52Weeks\":"); w.int(waiting.over52Weeks)
        w.raw(",\"over65Weeks\":"); w.int(waiting.over65Weeks)
        w.raw(",\"over78Weeks\":"); w.int(waiting.over78Weeks)
        w.raw(",\"over104Weeks\":"); w.int(waiting.over104Weeks)
        let b = waiting.bands
        w.raw(",\"bands\":{\"0-1\":"); w.int(b.upTo1Week)
        w.raw(",\"1-2\":"); w.int(b.upTo2Weeks)
        w.raw(",\"2-4\":"); w.int(b.upTo4Weeks)
        w.raw(",\"4-12\":"); w.int(b.upTo12Weeks)
        w.raw(",\"12-18\":"); w.int(b.upTo18Weeks)
        w.raw(",\"18-52\":"); w.int(b.upTo52Weeks)
        w.raw(",\"52+\":"); w.int(b.over52Weeks)
        w.raw("},\"breachDueWithin28Days\":"); w.int(waiting.breachDueWithin28Days)
        w.raw("},\"completed\":{\"count\":"); w.int(completed.count)
        w.raw(",\"medianDays\":"); w.int(completed.medianDays)
        w.raw(",\"p92Days\":"); w.int(completed.p92Days)
        w.raw("},\"received\":"); w.int(received)
        w.raw(",\"dna\":"); w.int(dna)
        w.raw(",\"cancelledByProvider\":"); w.int(cancelledByProvider)
        w.raw(",\"cancelledByPatient\":"); w.int(cancelledByPatient)
        w.raw(",\"closed\":"); w.int(closed)
        w.raw(",\"lateEvents\":"); w.int(lateEvents)
        w.raw(",\"lastEventAt\":")
        if let lastEventAt {
            w.out.append(UInt8(ascii: "\""))
            lastEventAt.appendRFC3339(to: &w.out, utcOffsetSeconds: 0)
            w.out.append(UInt8(ascii: "\""))
        } else {
            w.raw("null")
        }
        w.raw(",\"trustsReporting\":"); w.int(trustsReporting)
        if feedSilent {
            w.raw(",\"feedSilent\":true}")
        } else {
            w.raw(",\"feedSilent\":false}")
        }
        swap(&w.out, &out)
    }
}

extension StatisticsLevel {
    /// The JSON value of `level`, as a static string for the hand-written encoder.
    fileprivate var jsonText: StaticString {
        switch self {
        case .trust: "trust"
        case .icb: "icb"
        case .region: "region"
        case .national: "national"
        }
    }
}
