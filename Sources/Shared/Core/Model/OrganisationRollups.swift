/// Which integrated care board (ICB) and NHS England region each organisation belongs to, for the
/// roll-up records (`ICB:{code}` and `REGION:{code}` in the records' `trust` field).
///
/// An organisation (an ODS code, or a local-authority code for EHC needs assessments) that is not
/// in the mapping counts nationally (`ALL`) only. The mapping decides statistics, so it is part of
/// the engine's configuration and its fingerprint. Empty (the default): no roll-up records.
///
/// Thread-safety: a plain value.
public struct OrganisationRollups: Sendable, Hashable {
    /// The ICB and region of one organisation (codes without their prefixes, e.g. `QH8`, `Y61`).
    public struct Membership: Sendable, Hashable {
        /// The ICB's ODS code, e.g. `QH8`.
        public var icb: String
        /// The NHS England region's code, e.g. `Y61`.
        public var region: String

        /// A membership.
        public init(icb: String, region: String) {
            self.icb = icb
            self.region = region
        }
    }

    /// The `trust` value of an ICB's records starts with this (`ICB:QH8`); organisation codes
    /// never contain a colon, so the two cannot collide.
    public static let icbPrefix = "ICB:"
    /// The `trust` value of a region's records starts with this (`REGION:Y61`).
    public static let regionPrefix = "REGION:"

    /// Membership by organisation code.
    public var memberships: [String: Membership]

    /// A mapping (empty by default: no roll-ups).
    public init(_ memberships: [String: Membership] = [:]) {
        self.memberships = memberships
    }

    /// Whether there is no roll-up at all.
    public var isEmpty: Bool { memberships.isEmpty }

    /// The record `trust` values of the roll-ups an organisation counts in: its ICB's, then its
    /// region's (`["ICB:QH8", "REGION:Y61"]`), or none when the organisation is not mapped.
    public func areas(of organisation: String) -> [String] {
        guard let m = memberships[organisation] else { return [] }
        return [Self.icbPrefix + m.icb, Self.regionPrefix + m.region]
    }

    /// A canonical encoding (sorted by organisation code), for the configuration's fingerprint.
    func canonicalBytes() -> [UInt8] {
        var w = ByteWriter()
        w.uvar(UInt64(memberships.count))
        for code in memberships.keys.sorted() {
            guard let m = memberships[code] else { continue }
            w.string(code)
            w.string(m.icb)
            w.string(m.region)
        }
        return w.out
    }
}
