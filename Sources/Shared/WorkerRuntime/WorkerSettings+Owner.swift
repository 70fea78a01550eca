import WaitwatchCore

extension WorkerSettings {
    /// Whose this worker's internal records are: its group under its engine configuration.
    package var internalOwner: InternalRecordOwner {
        InternalRecordOwner(group: group, configuration: engine.fingerprint)
    }
}
