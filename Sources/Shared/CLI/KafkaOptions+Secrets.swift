import WaitwatchKafka

extension KafkaOptions {
    /// The secret keys given with `--kafka` (sorted, without their values).
    public var secretKeysOnCommandLine: [String] {
        Set(
            kafka.compactMap { pair -> String? in
                guard let eq = pair.firstIndex(of: "=") else { return nil }
                let key = String(pair[..<eq])
                return KafkaSecretSettings.isSecret(key) ? key : nil
            }
        ).sorted()
    }

    /// One line for standard error when secrets are on the command line, where other local
    /// users can read them (`ps`, `/proc/PID/cmdline`); nil otherwise. Never quotes a value.
    public var secretOnCommandLineWarning: String? {
        let keys = secretKeysOnCommandLine
        guard !keys.isEmpty else { return nil }
        return "warning: \(keys.joined(separator: ", ")) given with --kafka can be read by other local users (ps, /proc); "
            + "put \(keys.count == 1 ? "it" : "them") in a file given with --kafka-config (mode 0600, or a systemd credential)"
    }
}
