import WaitwatchConfig

/// Suites that check what the configuration loader says about a YAML text.
protocol ConfigurationErrorChecking {}

extension ConfigurationErrorChecking {
    /// The error message for a YAML text (source `config.yaml`), or nil when it loads.
    func error(_ yaml: String) -> String? {
        do {
            _ = try WaitwatchConfiguration(yaml: yaml, source: "config.yaml")
            return nil
        } catch {
            return error.description
        }
    }
}
