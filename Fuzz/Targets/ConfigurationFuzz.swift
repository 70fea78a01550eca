import WaitwatchConfig

/// The configuration loader on YAML text (what `check-config` and `run --config` read).
enum ConfigurationFuzz {
    static func run(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        _ = try? WaitwatchConfiguration(yaml: text, source: "fuzz")
    }
}
