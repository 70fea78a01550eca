import WaitwatchCore
extension WaitwatchConfiguration {
    /// `implausibleTime: { maxAheadHours: 24, maxBehindYears: 20 }` (either key may be left out).
    static func implausibleTime(_ node: ConfigurationNode) throws(ConfigurationError) -> ImplausibleTimeCheck {
        var keys = try node.mapping()
        var check = ImplausibleTimeCheck()
        if let value = keys.take("maxAheadHours") {
            check.maxAheadHours = try value.integer(
                in: 0...ImplausibleTimeCheck.maximumAheadHours,
                expectation: "must be a whole number of hours between 0 and \(ImplausibleTimeCheck.maximumAheadHours)")
        }
        if let value = keys.take("maxBehindYears") {
            check.maxBehindYears = try value.integer(
                in: 1...ImplausibleTimeCheck.maximumBehindYears,
                expectation: "must be a whole number of years between 1 and \(ImplausibleTimeCheck.maximumBehindYears)")
        }
        try keys.finish()
        return check
    }
}
