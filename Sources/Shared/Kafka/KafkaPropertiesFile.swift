import Foundation

/// A librdkafka properties file: one `key=value` per line, `#` or `!` comments, blank lines
/// ignored — the format of kcat's `-F` and Kafka's `--command-config`, so one file can hold a
/// deployment's security settings (and its secrets) with restricted permissions or as a systemd
/// credential instead of on a command line.
///
/// Spaces around the key and before the value are dropped, as Java's `Properties` does; the rest
/// of the line is the value as is (line ends `\n` or `\r\n`). Errors name the file and
/// line, never the line's text: it may hold a password.
public enum KafkaPropertiesFile {
    /// Parses the text of a properties file; `name` is used in error messages only.
    public static func parse(_ text: String, name: String) throws(KafkaConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        var number = 0
        // "\r\n" is one Character: splitting on newlines takes Windows line ends too.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            let start = line.drop { $0 == " " || $0 == "\t" }
            if start.isEmpty || start.first == "#" || start.first == "!" { continue }
            guard let eq = start.firstIndex(of: "=") else {
                throw KafkaConfigurationError(message: "\(name):\(number): expected key=value")
            }
            let key = String(start[..<eq]).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw KafkaConfigurationError(message: "\(name):\(number): the key before = is empty") }
            result[key] = String(start[start.index(after: eq)...].drop { $0 == " " || $0 == "\t" })
        }
        return result
    }

    /// Reads and parses the file at `path`.
    public static func load(_ path: String) throws(KafkaConfigurationError) -> [String: String] {
        let files = FileManager.default
        guard files.fileExists(atPath: path) else {
            throw KafkaConfigurationError(message: "cannot read the Kafka properties file \(path): no such file")
        }
        guard files.isReadableFile(atPath: path), let data = files.contents(atPath: path) else {
            throw KafkaConfigurationError(message: "cannot read the Kafka properties file \(path): permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KafkaConfigurationError(message: "cannot read the Kafka properties file \(path): not UTF-8 text")
        }
        return try parse(text, name: path)
    }
}
