/// librdkafka settings whose values are secrets: never logged, never printed, and warned
/// about when given on a command line (where `ps` and `/proc/PID/cmdline` show them).
public enum KafkaSecretSettings {
    /// The secret keys librdkafka 2.x knows (passwords, private keys, OAuth client secrets).
    public static let keys: Set<String> = [
        "sasl.password",
        "ssl.key.password",
        "ssl.key.pem",
        "ssl.keystore.password",
        "sasl.oauthbearer.client.secret",
        "sasl.oauthbearer.config",
    ]

    /// Whether the value of `key` is a secret.
    public static func isSecret(_ key: String) -> Bool {
        keys.contains(key.trimmingASCIIWhitespace.lowercased())
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingASCIIWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
