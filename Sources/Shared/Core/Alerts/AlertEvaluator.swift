/// Turns statistics records into alert transitions (SPEC section 3): the pure alert engine.
/// No I/O, no clock; the same records in the same order always give the same alerts.
///
/// Feed it every ``WaitStatsRecord`` published, trust-level and `ALL` alike, with
/// ``evaluate(_:)``. Each (rule, trust, service) is a small state machine over days:
///
/// - A record is evaluated only if its `asOf` is after the last day evaluated for its
///   (trust, service). Records of one key must therefore come in `asOf` order (as the engine
///   publishes them); records of different keys may interleave freely.
/// - A rule that goes from not breached (or no history) to breached **fires**: an alert with
///   `alertId` `{rule}/{trust}/{service}/{asOf}`. One that goes back **resolves**, carrying the
///   firing's `alertId`. Staying breached, or staying clear, emits nothing; a later breach
///   fires again with a new `alertId`.
/// - A record for a day at or before the last one evaluated (a re-publication after a restart,
///   an update for late events, a duplicate) is **not evaluated again**, so nothing fires or
///   resolves twice: evaluation is idempotent per key and day. Its `waiting.count` does update
///   the kept history, so a later growth comparison uses the latest published figure.
/// - Days may be skipped (the engine publishes every day, but nothing here relies on it): a
///   rule is evaluated on the records that come, and `waiting-list-growth` compares with the
///   record of exactly `W` days earlier (`W` = the record's `windowDays`); when that record was
///   never seen, the rule is undecided and keeps its state (neither fires nor resolves), unless
///   fewer than the minimum wait (then it is not breached).
/// - A rule disabled in the configuration while it is firing resolves on the key's next record
///   (message "alert withdrawn"), so no alert is left open for ever.
///
/// The rules of one record are evaluated in ``AlertRule/allCases`` order; ``evaluate(_:)``
/// returns that record's alerts in that order.
///
/// State: per key the last day, the firing rules and the last `W + 1` waiting counts, no more.
/// Persist it with ``snapshot`` and restore it with ``init(configuration:catalogue:restoring:)``;
/// re-feeding records up to the snapshot's days then emits nothing again.
///
/// Thread-safety: a value type (`Sendable`); confine each instance to one task or thread.
public struct AlertEvaluator: Sendable, Hashable {
    /// The rules, severities and thresholds applied to the next records.
    public var configuration: AlertConfiguration
    /// Service names for messages (a service missing from it is named by its code).
    public var catalogue: ServiceCatalogue
    private var states: [Key: AlertKeyState] = [:]

    private struct Key: Sendable, Hashable {
        let trust: String
        let service: String
    }

    /// An evaluator with no history.
    public init(configuration: AlertConfiguration = AlertConfiguration(), catalogue: ServiceCatalogue = .default) {
        self.configuration = configuration
        self.catalogue = catalogue
    }

    /// An evaluator that continues from `snapshot` (taken with ``snapshot``, possibly by an
    /// earlier process).
    public init(
        configuration: AlertConfiguration = AlertConfiguration(), catalogue: ServiceCatalogue = .default, restoring snapshot: AlertSnapshot
    ) {
        self.init(configuration: configuration, catalogue: catalogue)
        for state in snapshot.keys {
            states[Key(trust: state.trust, service: state.service)] = state
        }
    }

    /// The evaluator's whole state as a `Codable` value, keys in (trust, service) order.
    public var snapshot: AlertSnapshot {
        AlertSnapshot(keys: states.values)
    }

    /// The last day evaluated for (`trust`, `service`), or nil if none was.
    public func lastEvaluatedDay(trust: String, service: String) -> CivilDay? {
        states[Key(trust: trust, service: service)]?.lastAsOf
    }

    /// The `alertId`s of the alerts firing now (not yet resolved), sorted.
    public var firingAlertIds: [String] { snapshot.firingAlertIds }

    /// Evaluates every rule on `record` and returns the transitions it causes (often none):
    /// firings and resolves, in ``AlertRule/allCases`` order. Returns nothing for a record whose
    /// day is not after the last day evaluated for its (trust, service).
    public mutating func evaluate(_ record: WaitStatsRecord) -> [Alert] {
        let key = Key(trust: record.trust, service: record.service)
        if var state = states[key] {
            guard record.asOf > state.lastAsOf else {
                state.updateCount(of: record)
                states[key] = state
                return []
            }
            let alerts = evaluate(record, state: &state)
            state.advance(to: record)
            states[key] = state
            return alerts
        }
        var state = AlertKeyState(first: record)
        let alerts = evaluate(record, state: &state)
        states[key] = state
        return alerts
    }

    /// Evaluates records one after the other; the alerts of all of them, in order.
    public mutating func evaluate(_ records: some Sequence<WaitStatsRecord>) -> [Alert] {
        var alerts: [Alert] = []
        for record in records { alerts += evaluate(record) }
        return alerts
    }

    /// The rules on one new day of a key; updates `state.firing`. `state` still describes the
    /// days before (its counts end with the previous day, or with this one for a new key).
    private func evaluate(_ record: WaitStatsRecord, state: inout AlertKeyState) -> [Alert] {
        let settings = configuration.settings(forService: record.service)
        let earlier = record.windowDays > 0 ? state.count(on: record.asOf.advanced(by: -Int32(clamping: record.windowDays))) : nil
        var alerts: [Alert] = []
        for rule in AlertRule.allCases {
            let firedOn = state.firing[rule]
            let enabled = settings.isEnabled(rule)
            guard enabled || firedOn != nil else { continue }
            let check = AlertCheck(rule: rule, record: record, earlierCount: earlier, settings: settings)
            let transition: AlertState
            if !enabled {
                transition = .resolved
            } else {
                switch (check.breached, firedOn) {
                case (true?, nil): transition = .firing
                case (false?, _?): transition = .resolved
                default: continue
                }
            }
            let alertDay = firedOn ?? record.asOf
            state.firing[rule] = transition == .firing ? record.asOf : nil
            alerts.append(
                Alert(
                    alertId: Alert.id(rule: rule, trust: record.trust, service: record.service, firedOn: alertDay),
                    rule: rule, trust: record.trust, service: record.service, state: transition, asOf: record.asOf,
                    valueTenths: check.valueTenths, thresholdTenths: check.thresholdTenths, severity: settings.severity(of: rule),
                    message: check.message(
                        transition, serviceName: AlertText.serviceName(record.service, catalogue: catalogue), withdrawn: !enabled)))
        }
        return alerts
    }
}
