/// Reading records back (analysts' tools, tests): `JSONDecoder().decode(WaitStatsRecord.self, from: data)`.
///
/// Accepts exactly the fields ``WaitStatsRecord/jsonBytes()`` writes; `lateEvents` may be
/// absent (as in the worked example) and then reads as 0; `level` may be absent (records
/// published before it existed) and must otherwise agree with `trust`; the feed-freshness fields
/// (absent in records of earlier versions) read as nil, 0 and false. `withinTargetPct` is read as a number
/// and kept in tenths.
extension WaitStatsRecord: Decodable {
    private enum CodingKeys: String, CodingKey {
        case trust, service, asOf, windowDays, targetDays, standardPct, waiting, completed
        case received, dna, cancelledByProvider, cancelledByPatient, closed, lateEvents
        case level
        case lastEventAt, trustsReporting, feedSilent
    }

    /// Decodes a record from its SPEC section 2 JSON form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let asOfText = try c.decode(String.self, forKey: .asOf)
        guard let asOf = CivilDay(asOfText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .asOf, in: c, debugDescription: "asOf must be a date YYYY-MM-DD, got \(asOfText)")
        }
        self.init(
            trust: try c.decode(String.self, forKey: .trust),
            service: try c.decode(String.self, forKey: .service),
            asOf: asOf,
            windowDays: try c.decode(Int.self, forKey: .windowDays),
            targetDays: try c.decode(Int.self, forKey: .targetDays),
            standardPct: try c.decode(Int.self, forKey: .standardPct),
            waiting: try c.decode(Waiting.self, forKey: .waiting),
            completed: try c.decode(Completed.self, forKey: .completed),
            received: try c.decode(Int.self, forKey: .received),
            dna: try c.decode(Int.self, forKey: .dna),
            cancelledByProvider: try c.decode(Int.self, forKey: .cancelledByProvider),
            cancelledByPatient: try c.decode(Int.self, forKey: .cancelledByPatient),
            closed: try c.decode(Int.self, forKey: .closed),
            lateEvents: try c.decodeIfPresent(Int.self, forKey: .lateEvents) ?? 0)
        // `level` follows from `trust`; records published before it existed have none.
        if let level = try c.decodeIfPresent(String.self, forKey: .level), level != self.level.rawValue {
            throw DecodingError.dataCorruptedError(
                forKey: .level, in: c, debugDescription: "level \(level) does not match trust \(trust)")
        }
        if let text = try c.decodeIfPresent(String.self, forKey: .lastEventAt) {
            do {
                lastEventAt = try Timestamp.parseRFC3339(text)
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .lastEventAt, in: c, debugDescription: "lastEventAt must be an RFC 3339 timestamp, got \(text)")
            }
        }
        trustsReporting = try c.decodeIfPresent(Int.self, forKey: .trustsReporting) ?? 0
        feedSilent = try c.decodeIfPresent(Bool.self, forKey: .feedSilent) ?? false
    }
}

extension WaitStatsRecord.Waiting: Decodable {
    private enum CodingKeys: String, CodingKey {
        case count, medianDays, p90Days, p92Days, maxDays, withinTargetPct
        case over18Weeks, over52Weeks, over65Weeks, over78Weeks, over104Weeks, bands, breachDueWithin28Days
    }

    /// Decodes the `waiting` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        count = try c.decode(Int.self, forKey: .count)
        medianDays = try c.decodeIfPresent(Int.self, forKey: .medianDays)
        p90Days = try c.decodeIfPresent(Int.self, forKey: .p90Days)
        p92Days = try c.decodeIfPresent(Int.self, forKey: .p92Days)
        maxDays = try c.decodeIfPresent(Int.self, forKey: .maxDays)
        if let pct = try c.decodeIfPresent(Double.self, forKey: .withinTargetPct) {
            withinTargetPctTenths = Int((pct * 10).rounded())
        }
        over18Weeks = try c.decode(Int.self, forKey: .over18Weeks)
        over52Weeks = try c.decode(Int.self, forKey: .over52Weeks)
        over65Weeks = try c.decode(Int.self, forKey: .over65Weeks)
        over78Weeks = try c.decode(Int.self, forKey: .over78Weeks)
        over104Weeks = try c.decode(Int.self, forKey: .over104Weeks)
        bands = try c.decode(WaitStatsRecord.Bands.self, forKey: .bands)
        breachDueWithin28Days = try c.decode(Int.self, forKey: .breachDueWithin28Days)
    }
}

extension WaitStatsRecord.Bands: Decodable {
    private enum CodingKeys: String, CodingKey {
        case upTo1Week = "0-1", upTo2Weeks = "1-2", upTo4Weeks = "2-4", upTo12Weeks = "4-12"
        case upTo18Weeks = "12-18", upTo52Weeks = "18-52", over52Weeks = "52+"
    }

    /// Decodes the `waiting.bands` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            upTo1Week: try c.decode(Int.self, forKey: .upTo1Week),
            upTo2Weeks: try c.decode(Int.self, forKey: .upTo2Weeks),
            upTo4Weeks: try c.decode(Int.self, forKey: .upTo4Weeks),
            upTo12Weeks: try c.decode(Int.self, forKey: .upTo12Weeks),
            upTo18Weeks: try c.decode(Int.self, forKey: .upTo18Weeks),
            upTo52Weeks: try c.decode(Int.self, forKey: .upTo52Weeks),
            over52Weeks: try c.decode(Int.self, forKey: .over52Weeks))
    }
}

extension WaitStatsRecord.Completed: Decodable {
    private enum CodingKeys: String, CodingKey {
        case count, medianDays, p92Days
    }

    /// Decodes the `completed` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        count = try c.decode(Int.self, forKey: .count)
        medianDays = try c.decodeIfPresent(Int.self, forKey: .medianDays)
        p92Days = try c.decodeIfPresent(Int.self, forKey: .p92Days)
    }
}
