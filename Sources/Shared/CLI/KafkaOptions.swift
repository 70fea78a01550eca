import ArgumentParser
import Logging
import WaitwatchKafka

/// The options every command shares: where Kafka is, raw librdkafka settings, log level.
public struct KafkaOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("Kafka bootstrap servers, comma-separated host:port.", valueName: "list"))
    public var brokers: String = "127.0.0.1:9092"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A librdkafka setting passed as is (repeatable), e.g. --kafka security.protocol=SASL_SSL.",
            valueName: "key=value"))
    public var kafka: [String] = []

    @Option(
        name: .customLong("kafka-config"),
        help: ArgumentHelp(
            "A librdkafka properties file (key=value lines, # comments), as kcat -F and Kafka's --command-config take; --kafka settings override it. Keep secrets here, not on the command line.",
            valueName: "file"))
    public var kafkaConfig: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    public var logLevel: String = "notice"

    @Option(
        name: .customLong("log-format"),
        help: "text (one readable line per message) or json (one JSON object per line, for Loki or Elasticsearch).")
    public var logFormat: String = "text"

    public init() {}

    public func validate() throws {
        try Self.validateBrokers(brokers)
        _ = try configuration()
        if let warning = secretOnCommandLineWarning { Output.error(warning) }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got \(logLevel)")
        }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json; got \(logFormat)") }
    }

    /// The Kafka configuration these options describe: the `--kafka-config` file's settings,
    /// then `--kafka` settings, which win.
    public func configuration() throws -> KafkaConfiguration {
        var properties: [String: String] = [:]
        if let kafkaConfig { properties = try KafkaPropertiesFile.load(kafkaConfig) }
        properties.merge(try KafkaConfiguration.parseProperties(kafka)) { _, commandLine in commandLine }
        return KafkaConfiguration(brokers: brokers, properties: properties)
    }

    /// A logger writing to standard error at the chosen level.
    public func makeLogger(label: String) -> Logger {
        var logger =
            logFormat == "json"
            ? Logger(label: label) { JSONLogHandler(label: $0) } : Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}
