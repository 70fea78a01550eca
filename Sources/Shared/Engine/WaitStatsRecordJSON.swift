extension WaitStatsRecord {
    /// The record as one line of UTF-8 JSON (no trailing newline), fields in the order of the
    /// worked example followed by `lateEvents`; `withinTargetPct` with exactly one decimal
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
        var w = JSONWriter(out: [])
        swap(&w.out, &out)
        w.raw("{\"trust\":"); w.string(trust)
        w.raw(",\"service\":"); w.string(service)
        w.raw(",\"asOf\":\"")
        CivilDayText.append(asOf, to: &w.out)
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
        w.raw("}")
        swap(&w.out, &out)
    }
}

/// A minimal append-only JSON writer for the hand-written record encoder.
struct JSONWriter {
    var out: [UInt8]

    @inline(__always)
    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func int(_ v: Int?) {
        guard let v else { raw("null"); return }
        int(v)
    }

    mutating func int(_ v: Int) {
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            if v == .min { raw("9223372036854775808"); return }
        }
        var m = v.magnitude
        var divisor: UInt = 1
        while m / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(48 + m / divisor))
            m %= divisor
            divisor /= 10
        }
    }

    /// A non-negative value in tenths written with exactly one decimal: 1000 → `100.0`.
    mutating func tenths(_ v: Int?) {
        guard let v else { raw("null"); return }
        if v < 0 { out.append(UInt8(ascii: "-")) }
        let m = Int(v.magnitude)
        int(m / 10)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(48 + m % 10))
    }

    /// A JSON string with the mandatory escapes.
    mutating func string(_ s: String) {
        out.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                let hex: StaticString = "0123456789abcdef"
                hex.withUTF8Buffer { h in
                    out.append(h[Int(c >> 4)])
                    out.append(h[Int(c & 0xF)])
                }
            default:
                out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
