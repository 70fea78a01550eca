/// The organisation level of a statistics record (its `level` field), read from its `trust`
/// value: an organisation's own code, `ICB:{code}`, `REGION:{code}` or `ALL`.
public enum StatisticsLevel: String, Sendable, Hashable, CaseIterable {
    /// Records of one organisation (an NHS trust, or a local authority for EHC needs assessments).
    case trust
    /// An integrated care board's roll-up (trust `ICB:{code}`).
    case icb
    /// An NHS England region's roll-up (trust `REGION:{code}`).
    case region
    /// National records (trust `ALL`): the union of every organisation's referrals.
    case national

    /// The level of a record's `trust` value.
    public init(trustCode: String) {
        if trustCode == "ALL" {
            self = .national
        } else if trustCode.hasPrefix(OrganisationRollups.icbPrefix) {
            self = .icb
        } else if trustCode.hasPrefix(OrganisationRollups.regionPrefix) {
            self = .region
        } else {
            self = .trust
        }
    }
}
