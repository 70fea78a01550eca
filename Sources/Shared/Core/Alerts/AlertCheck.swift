/// One rule evaluated on one statistics record: whether it is breached, the measured value and
/// threshold (both in tenths), and the operator's message for a firing or a resolve.
///
/// All comparisons are on integers (tenths of a percent, counts), never floating point.
struct AlertCheck {
    /// The rule evaluated.
    let rule: AlertRule
    /// true: breached; false: not breached; nil: undecided (the record of `W` days earlier,
    /// which `waiting-list-growth` compares with, was never seen). Undecided changes no state.
    let breached: Bool?
    /// The measured value in tenths (percent within target, long waiters × 10, growth percent,
    /// days since the last event × 10),
    /// nil when there is none (nobody waits; no earlier count, or it was 0).
    let valueTenths: Int?
    /// The threshold in tenths (the standard, 0 long waiters, the growth allowed).
    let thresholdTenths: Int
    /// The record evaluated.
    private let record: WaitStatsRecord
    /// `waiting.count` on day `asOf − windowDays`, when known.
    private let earlierCount: Int?
    /// The settings applied.
    private let settings: AlertSettings

    /// Evaluates `rule` on `record` with `settings`; `earlierCount` is `waiting.count` of the
    /// same key `record.windowDays` days earlier, if that record was seen.
    init(rule: AlertRule, record: WaitStatsRecord, earlierCount: Int?, settings: AlertSettings) {
        self.rule = rule
        self.record = record
        self.earlierCount = earlierCount
        self.settings = settings
        let waiting = record.waiting
        switch rule {
        case .waitingStandard:
            let standard = settings.waitingStandard.standardPctTenths ?? record.standardPct * 10
            thresholdTenths = standard
            valueTenths = waiting.withinTargetPctTenths
            breached = waiting.withinTargetPctTenths.map { $0 < standard } ?? false
        case .longWaiters:
            let count = settings.longWaiters.weeks.count(in: waiting)
            thresholdTenths = 0
            valueTenths = count * 10
            breached = count > 0
        case .waitingListGrowth:
            let growth = settings.waitingListGrowth
            thresholdTenths = growth.percentTenths
            if let earlier = earlierCount, earlier > 0 {
                valueTenths = AlertText.roundedTenths(numerator: (waiting.count - earlier) * 100, denominator: earlier)
            } else {
                valueTenths = nil
            }
            if waiting.count < growth.minimumWaiting {
                breached = false
            } else if let earlier = earlierCount {
                breached = waiting.count * 1000 > earlier * (1000 + growth.percentTenths)
            } else {
                breached = nil
            }
        case .feedSilent:
            thresholdTenths = settings.feedSilent.afterDays * 10
            valueTenths = record.lastEventAt.map { (Int(record.asOf.daysSinceEpoch) - Int($0.londonDay.daysSinceEpoch)) * 10 }
            // Records of earlier versions carry no freshness: undecided, no state change.
            breached = record.lastEventAt == nil ? nil : record.feedSilent
        }
    }

    /// The message of an alert in `state` for this check; `name` is the service's name.
    /// `withdrawn` marks a resolve caused by the rule being disabled while firing.
    func message(_ state: AlertState, serviceName name: String, withdrawn: Bool = false) -> String {
        let subject = "\(name) \(AlertText.place(trust: record.trust))"
        if withdrawn {
            return "\(subject): \(rule.rawValue) alert withdrawn, the rule is now disabled in the configuration"
        }
        let waiting = record.waiting
        switch (rule, state) {
        case (.waitingStandard, .firing):
            let pct = valueTenths.map(AlertText.percentOneDecimal) ?? "?"
            let verb = waiting.count == 1 ? "is" : "are"
            let who = waiting.count == 1 ? "1 waiting child" : "\(AlertText.grouped(waiting.count)) waiting children"
            return
                "\(subject): \(pct)% of \(who) \(verb) within the \(AlertText.target(days: record.targetDays)) (standard: \(AlertText.tenths(thresholdTenths))%)"
        case (.waitingStandard, .resolved):
            guard let value = valueTenths else { return "\(subject): back within standard, nobody is waiting" }
            return
                "\(subject): back within standard, \(AlertText.percentOneDecimal(value))% within the \(AlertText.target(days: record.targetDays))"
        case (.longWaiters, .firing):
            let count = settings.longWaiters.weeks.count(in: waiting)
            let verb = count == 1 ? "has" : "have"
            return "\(subject): \(AlertText.children(count)) \(verb) waited over \(settings.longWaiters.weeks) weeks"
        case (.longWaiters, .resolved):
            return "\(subject): nobody is waiting over \(settings.longWaiters.weeks) weeks any more"
        case (.waitingListGrowth, .firing):
            let days = "\(record.windowDays) days"
            let allowed = "(alert above \(AlertText.tenths(thresholdTenths))%)"
            guard let value = valueTenths else {
                return "\(subject): the waiting list grew from none to \(AlertText.children(waiting.count)) in \(days) \(allowed)"
            }
            return
                "\(subject): the waiting list grew \(AlertText.percentOneDecimal(value))% in \(days) to \(AlertText.children(waiting.count)) \(allowed)"
        case (.waitingListGrowth, .resolved):
            let now = "\(AlertText.children(waiting.count)) waiting"
            if waiting.count < settings.waitingListGrowth.minimumWaiting {
                return
                    "\(subject): waiting-list growth no longer alerting, \(now) (alerts need at least \(AlertText.grouped(settings.waitingListGrowth.minimumWaiting)))"
            }
            let change: String
            if let value = valueTenths {
                change =
                    value >= 0
                    ? "\(AlertText.percentOneDecimal(value))% more than"
                    : "\(AlertText.percentOneDecimal(-value))% fewer than"
            } else {
                change = "no more than"
            }
            return
                "\(subject): waiting-list growth back within \(AlertText.tenths(thresholdTenths))%, \(now), \(change) \(record.windowDays) days earlier"
        case (.feedSilent, .firing):
            let last = record.lastEventAt.map { " (last event \($0.londonDay))" } ?? ""
            let days = (valueTenths ?? 0) / 10
            return
                "\(subject): no events received for \(days) days\(last); the feed is silent after \(thresholdTenths / 10) days without events"
        case (.feedSilent, .resolved):
            let last = record.lastEventAt.map { ", last event \($0.londonDay)" } ?? ""
            return "\(subject): events are arriving again\(last)"
        }
    }
}
