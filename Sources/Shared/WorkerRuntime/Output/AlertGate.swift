import WaitwatchCore

/// `--alerts-from DATE` (go-live without a storm): alert transitions of census days before DATE
/// are state only, never published, so loading years of history pages nobody. A firing from
/// before DATE that is still open when its (trust, service) reaches DATE is published then,
/// with its original `alertId`, just after the record of that day and before that record's own
/// transitions: the first alerts published are those open at go-live.
///
/// The evaluators keep the alert state (snapshotted as always); the gate keeps only the firings
/// held back, in memory: a worker restarted after loading history but before reaching DATE
/// publishes those still open at their next transition instead (docs/DESIGN.md).
package struct AlertGate {
    /// The first census day whose transitions are published; nil: every transition is.
    package let from: CivilDay?
    /// Firings before ``from`` still open, by `{trust}/{service}`, then by `alertId`.
    private var held: [String: [String: Alert]] = [:]

    package init(from: CivilDay?) { self.from = from }

    /// Whether `alert` is published now; a transition before ``from`` is held back instead (a
    /// firing until its resolve, a resolve cancels the firing it closes).
    package mutating func admits(_ alert: Alert) -> Bool {
        guard let from, alert.asOf < from else { return true }
        let key = "\(alert.trust)/\(alert.service)"
        switch alert.state {
        case .firing: held[key, default: [:]][alert.alertId] = alert
        case .resolved: held[key]?[alert.alertId] = nil
        }
        return false
    }

    /// The firings held back for the record's (trust, service) once it reaches ``from``, in
    /// `alertId` order; empty otherwise.
    package mutating func release(after record: WaitStatsRecord) -> [Alert] {
        guard let from, record.asOf >= from, !held.isEmpty else { return [] }
        guard let open = held.removeValue(forKey: "\(record.trust)/\(record.service)") else { return [] }
        return open.values.sorted { $0.alertId < $1.alertId }
    }
}
