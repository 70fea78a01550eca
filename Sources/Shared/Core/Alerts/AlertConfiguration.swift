/// The `alerts:` section of the worker's configuration (SPEC section 3): which rules run, their
/// severities and thresholds, globally and per service.
///
/// ```yaml
/// alerts:
///   rules:                      # every service, trust-level and ALL records alike
///     waiting-standard: { enabled: true, severity: warning, standardPct: null }
///     long-waiters: { enabled: true, severity: critical, weeks: 52 }
///     waiting-list-growth: { enabled: true, severity: warning, percent: 10, minimumWaiting: 20 }
///   services:                   # per service code: only the keys that differ
///     SALT:
///       waiting-list-growth: { enabled: false }
///     EHCNA:
///       waiting-standard: { standardPct: 90, severity: critical }
/// ```
///
/// `WaitwatchConfiguration` reads it (see `deploy/waitwatch.yaml` for every key); a service
/// under `services` must be in the catalogue. A plain value.
public struct AlertConfiguration: Sendable, Hashable {
    /// The settings of every service that has no entry in ``services``.
    public var rules: AlertSettings
    /// Complete settings for individual services, by service code. Each entry is ``rules`` with
    /// that service's overrides applied at load time, so changing ``rules`` afterwards in code
    /// does not change these entries.
    public var services: [String: AlertSettings]

    /// The defaults: every rule on with the SPEC's thresholds, no per-service entries.
    public init(rules: AlertSettings = .init(), services: [String: AlertSettings] = [:]) {
        self.rules = rules
        self.services = services
    }

    /// The settings that apply to records of `service` (any trust, `ALL` included).
    public func settings(forService service: String) -> AlertSettings {
        services[service] ?? rules
    }
}
