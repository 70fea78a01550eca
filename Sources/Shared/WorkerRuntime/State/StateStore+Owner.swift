import Logging
import WaitwatchCore

/// Reasons already logged, so that a state partition full of another group's chunks says why
/// once rather than once per chunk. A class: shared by the copies of a ``StateStore``; used on
/// the worker's thread only.
package final class RefusalLog {
    private var logged = Set<String>()
    package private(set) var refused = 0

    package init() {}

    /// Counts a refused record and logs `reason` the first time it is given.
    package func refuse(_ reason: String, logger: Logger, _ message: @autoclosure () -> Logger.Message) {
        refused += 1
        if logged.insert(reason).inserted { logger.warning(message()) }
    }
}

extension StateStore {
    /// The state record in `value` if it is this group's under this configuration; otherwise
    /// nil, with the reason logged (once per reason): its partition is then restored from an
    /// earlier snapshot of its own, or read from its beginning.
    package func ownRecord(_ value: [UInt8], at place: String) -> StateRecord? {
        let split = InternalRecordOwner.split(value)
        if let reason = owner.refusal(of: split?.owner) {
            refusals.refuse(reason, logger: logger, "skipping state records on \(topic) that are not this worker's: \(reason)")
            return nil
        }
        guard let split, let record = StateRecord(decoding: Array(value[split.bodyStart...])) else {
            logger.warning("skipping a record that is not waitwatch state", metadata: ["at": "\(place)"])
            return nil
        }
        return record
    }
}
