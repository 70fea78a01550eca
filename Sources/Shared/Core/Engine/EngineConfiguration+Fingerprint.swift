extension EngineConfiguration {
    /// A 64-bit FNV-1a fingerprint of everything that decides the statistics: the window, the
    /// lateness, the retention of finished referrals, the freshness settings, the catalogue's codes
    /// and rules and the organisation roll-up mapping when there is one (as in a state snapshot's
    /// header; display names are left out). Two configurations with the same
    /// fingerprint compute the same records from the same events, so workers use it to refuse
    /// internal records computed under another configuration.
    public var fingerprint: UInt64 {
        var w = ByteWriter()
        w.svar(Int64(windowDays))
        w.svar(latenessSeconds)
        w.svar(Int64(finishedReferralRetentionDays))
        w.svar(Int64(trustsReportingDays))
        w.svar(Int64(feedSilentAfterDays))
        w.u64le(StateSnapshotFormat.statisticsFingerprint(self))
        return FNV1a.hash64(w.out)
    }
}
