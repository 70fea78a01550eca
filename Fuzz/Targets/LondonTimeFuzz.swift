@testable import WaitwatchCore

/// Europe/London times: the offset, the calendar day and the start of a day, for any instant of
/// the years 1–9999 (the years RFC 3339 can write), checked against each other and Foundation.
enum LondonTimeFuzz {
    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, in seconds since the epoch.
    static let range: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    static func run(_ bytes: [UInt8]) {
        guard bytes.count >= 8 else { return }
        let raw = bytes.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        let seconds = range.lowerBound + Int64(raw % span)
        let instant = Timestamp(secondsSinceEpoch: seconds)

        let offset = LondonTime.utcOffsetSeconds(at: instant)
        if seconds >= LondonTime.ruleStartSeconds {
            FuzzCheck.require(offset == 0 || offset == 3600, "offset \(offset) at \(seconds)")
            // Foundation agrees up to its own horizon (some tz builds stop at 2037).
            if seconds < 2_145_916_800 {
                FuzzCheck.require(offset == LondonTime.foundationOffset(atSecond: seconds), "offset differs from Foundation at \(seconds)")
            }
        }
        let day = LondonTime.day(of: instant)
        let start = LondonTime.startOfDay(day)
        let next = LondonTime.startOfDay(CivilDay(daysSinceEpoch: day.daysSinceEpoch + 1))
        FuzzCheck.require(start <= instant && instant < next, "instant \(seconds) outside its London day")
        FuzzCheck.require(LondonTime.day(of: start) == day, "start of day \(day.daysSinceEpoch) is on another day")
    }
}
