import WaitwatchCore
/// The time formats of the feeds, turned into instants (FEEDS.md, common rules).
///
/// Times without a UTC offset are Europe/London wall-clock times: in the repeated hour when
/// clocks go back the first occurrence (BST) is meant; a time in the hour skipped when clocks
/// go forward is moved forward by one hour (01:30 on the last Sunday of March is 02:30 BST).
public enum FeedTime {
    /// The instant of a Europe/London wall-clock time (see the type's rules). Fields must
    /// already be valid (a real date, hour 0–23, minute and second 0–59).
    public static func londonInstant(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int = 0
    ) -> Timestamp {
        let local =
            Int64(CivilCalendar.daysFromCivil(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
        let seconds: Int64
        if LondonTime.utcOffsetSeconds(atSecond: local - 3600) == 3600 {
            seconds = local - 3600  // BST, including the first of a repeated hour
        } else if LondonTime.utcOffsetSeconds(atSecond: local) == 0 {
            seconds = local  // GMT
        } else {
            seconds = local  // skipped hour: read with GMT, i.e. one hour later in BST
        }
        return Timestamp(microsecondsSinceEpoch: seconds * 1_000_000 + Int64(microsecond))
    }

    /// CSV times: RFC 3339 with an offset, `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM[:SS]`
    /// (Europe/London), or `YYYY-MM-DD` (00:00 Europe/London). Nil when it is none of these.
    public static func parseCSV(_ text: String) -> Timestamp? {
        let t = text.trimmingSpaces
        if let instant = try? Timestamp.parseRFC3339(t) { return instant }
        let b = Array(t.utf8)
        guard b.count >= 10, let date = ymd(b, dashes: true) else { return nil }
        if b.count == 10 { return londonInstant(year: date.0, month: date.1, day: date.2, hour: 0, minute: 0, second: 0) }
        guard b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b.count == 16 || b.count == 19,
            let hour = number(b, 11, 2), b[13] == UInt8(ascii: ":"), let minute = number(b, 14, 2)
        else { return nil }
        var second = 0
        if b.count == 19 {
            guard b[16] == UInt8(ascii: ":"), let s = number(b, 17, 2) else { return nil }
            second = s
        }
        guard hour < 24, minute < 60, second < 60 else { return nil }
        return londonInstant(year: date.0, month: date.1, day: date.2, hour: hour, minute: minute, second: second)
    }

    /// HL7 v2 TS/DTM: `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`. At least a day is
    /// required here (a month is not an event time); missing time parts are 0. Without an
    /// offset the time is Europe/London. Nil when malformed.
    public static func parseHL7(_ text: String) -> Timestamp? {
        var b = Array(text.trimmingSpaces.utf8)
        var offset: Int?
        if let sign = b.firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            let zone = Array(b[(sign + 1)...])
            guard zone.count == 4, let hh = number(zone, 0, 2), let mm = number(zone, 2, 2), hh < 24, mm < 60 else { return nil }
            offset = (hh * 3600 + mm * 60) * (b[sign] == UInt8(ascii: "-") ? -1 : 1)
            b.removeSubrange(sign...)
        }
        var micro = 0
        if let dot = b.firstIndex(of: UInt8(ascii: ".")) {
            let fraction = Array(b[(dot + 1)...])
            guard dot == 14, (1...4).contains(fraction.count), let f = number(fraction, 0, fraction.count) else { return nil }
            micro = f * [100_000, 10_000, 1_000, 100][fraction.count - 1]
            b.removeSubrange(dot...)
        }
        guard [8, 10, 12, 14].contains(b.count), let year = number(b, 0, 4), let month = number(b, 4, 2), let day = number(b, 6, 2),
            CivilCalendar.isValid(year: year, month: month, day: day)
        else { return nil }
        let hour = b.count >= 10 ? number(b, 8, 2) : 0
        let minute = b.count >= 12 ? number(b, 10, 2) : 0
        let second = b.count >= 14 ? number(b, 12, 2) : 0
        guard let hour, let minute, let second, hour < 24, minute < 60, second < 60 else { return nil }
        if let offset {
            let local =
                Int64(CivilCalendar.daysFromCivil(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            return Timestamp(microsecondsSinceEpoch: (local - Int64(offset)) * 1_000_000 + Int64(micro))
        }
        return londonInstant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: micro)
    }

    /// FHIR `dateTime`/`instant`: RFC 3339 with an offset, or a bare `YYYY-MM-DD` date
    /// (00:00 Europe/London). FHIR requires an offset whenever a time is given.
    public static func parseFHIR(_ text: String) -> Timestamp? {
        if let instant = try? Timestamp.parseRFC3339(text) { return instant }
        let b = Array(text.utf8)
        guard b.count == 10, let date = ymd(b, dashes: true) else { return nil }
        return londonInstant(year: date.0, month: date.1, day: date.2, hour: 0, minute: 0, second: 0)
    }

    private static func ymd(_ b: [UInt8], dashes: Bool) -> (Int, Int, Int)? {
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = number(b, 0, 4), let m = number(b, 5, 2), let d = number(b, 8, 2),
            CivilCalendar.isValid(year: y, month: m, day: d)
        else { return nil }
        return (y, m, d)
    }

    private static func number(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            guard (0x30...0x39).contains(b[i]) else { return nil }
            value = value * 10 + Int(b[i] - 0x30)
        }
        return value
    }
}
