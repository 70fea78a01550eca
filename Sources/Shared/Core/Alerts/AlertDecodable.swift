/// Reading alert records back (operators' tools, tests):
/// `JSONDecoder().decode(Alert.self, from: data)`. `value` and `threshold` are read as numbers
/// and kept in tenths.
extension Alert: Decodable {
    private enum CodingKeys: String, CodingKey {
        case alertId, rule, trust, service, state, asOf, value, threshold, severity, message
    }

    /// Decodes an alert from its SPEC section 3 JSON form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let asOfText = try c.decode(String.self, forKey: .asOf)
        guard let asOf = CivilDay(asOfText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .asOf, in: c, debugDescription: "asOf must be a date YYYY-MM-DD, got \(asOfText)")
        }
        self.init(
            alertId: try c.decode(String.self, forKey: .alertId),
            rule: try c.decode(AlertRule.self, forKey: .rule),
            trust: try c.decode(String.self, forKey: .trust),
            service: try c.decode(String.self, forKey: .service),
            state: try c.decode(AlertState.self, forKey: .state),
            asOf: asOf,
            valueTenths: try c.decodeIfPresent(Double.self, forKey: .value).map { Int(($0 * 10).rounded()) },
            thresholdTenths: Int((try c.decode(Double.self, forKey: .threshold) * 10).rounded()),
            severity: try c.decode(AlertSeverity.self, forKey: .severity),
            message: try c.decode(String.self, forKey: .message))
    }
}
