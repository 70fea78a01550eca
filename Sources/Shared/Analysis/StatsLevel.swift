/// Which records a question is about: organisations' own records, or the national (`ALL`)
/// ones. ICB and region roll-ups are not published by the worker yet, so they are not levels
/// here.
public enum StatsLevel: String, Sendable, Hashable, CaseIterable {
    /// Records of one organisation (an NHS trust, or a local authority for EHC needs assessments).
    case trust
    /// National records (trust `ALL`): the union of every organisation's referrals.
    case national

    /// The level of a record's `trust` value.
    public init(trustCode: String) {
        self = trustCode == "ALL" ? .national : .trust
    }
}
