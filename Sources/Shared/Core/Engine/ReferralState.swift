/// What a partition remembers about one referral (value of the per-key dictionary keyed by
/// `referralId`): 32 bytes inline (stride of 8 + 4 + 4 + 8 + 1 bytes).
///
/// Memory per referral, waiting or finished: one dictionary bucket of a `String` key (16 bytes)
/// and this value (32 bytes) = 48 bytes, at a load factor between 3/8 and 3/4 (the table
/// doubles), so 64–128 bytes; an id longer than 15 UTF-8 bytes adds its heap storage (about
/// 32 bytes + the id, e.g. ~80 bytes for a 36-character UUID). Nothing else grows with the
/// number of waiting referrals: the statistics are per-day histograms.
struct ReferralState: Sendable {
    enum Status: UInt8, Sendable {
        case waiting
        case completed
        case closed
    }

    /// `occurredAt` of the `referral.received` (µs since the epoch, UTC).
    var receivedAt: Int64
    /// London date of the receipt (days since 1970-01-01).
    var receivedDay: Int32
    /// The day the wait ended (`completed`: clock-stop date; `closed`: the later of the closure
    /// date and the received date); meaningless while waiting.
    var endDay: Int32
    /// FNV-1a hash of the receipt's `eventId`, to tell a re-sent receipt from a conflicting one.
    var receiptHash: UInt64
    /// Waiting, or how the wait ended.
    var status: Status

    /// 64-bit FNV-1a over the UTF-8 of `s`.
    static func hash(_ s: String) -> UInt64 { FNV1a.hash64(s) }
}
