import Foundation
import Logging
import WaitwatchCore

/// `--log-format json`: one JSON object per line on standard error, for Loki, Elasticsearch and
/// journald's structured fields: `{"time":…,"level":…,"label":…,"message":…,` then the
/// metadata as string fields (`"partition":"3"`). Writes each line with one `write(2)`, so lines
/// of different threads never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    /// A handler for loggers with this label.
    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line += Array(#"{"time":"#.utf8)
        JSONWriter.appendString(Self.timestamp(), to: &line)
        line += Array(#","level":"#.utf8)
        JSONWriter.appendString(event.level.rawValue, to: &line)
        line += Array(#","label":"#.utf8)
        JSONWriter.appendString(label, to: &line)
        line += Array(#","message":"#.utf8)
        JSONWriter.appendString(event.message.description, to: &line)
        for key in all.keys.sorted() where !["time", "level", "label", "message"].contains(key) {
            line.append(UInt8(ascii: ","))
            JSONWriter.appendString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONWriter.appendString("\(all[key]!)", to: &line)
        }
        line += Array("}\n".utf8)
        line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// The current time in RFC 3339 with milliseconds, UTC.
    private static func timestamp() -> String {
        let now = Date()
        var seconds = time_t(now.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int((now.timeIntervalSince1970 - Double(seconds)) * 1000)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }
}
