import WaitwatchCore
import Foundation

extension ConfigurationLimits {
    /// Fails unless the file at `path` is at most ``maximumBytes`` long (checked before reading).
    static func checkFileSize(path: String) throws(ConfigurationError) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumBytes else { throw .unreadable(source: path, reason: tooLarge(size)) }
    }

    /// The reason for a file or text over the limit.
    static func tooLarge(_ bytes: Int) -> String {
        "it is \(bytes) bytes; a configuration may be at most \(maximumBytes) bytes (1 MiB)"
    }
}
