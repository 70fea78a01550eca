import Yams
import WaitwatchCore

extension WaitwatchConfiguration {
    /// `organisations`: a mapping from organisation code (an ODS code such as `RAJ`, or a
    /// local-authority code such as `E06000033`) to the organisation's name, for reports and the
    /// `stats` command. Optional and informational only: the statistics never depend on it.
    ///
    /// ```yaml
    /// organisations:
    ///   RAJ: Mid and South Essex NHS Foundation Trust
    ///   E06000033: Southend-on-Sea City Council
    /// ```
    ///
    /// Codes must be 3–9 uppercase letters or digits (like the events' `trust`), not `ALL`;
    /// names are non-empty text on one line.
    static func organisationNames(_ node: ConfigurationNode) throws(ConfigurationError) -> [String: String] {
        guard case .mapping(let mapping) = node.node else {
            throw node.failure("must be a mapping of organisation codes to names, got \(node.shown)")
        }
        var names: [String: String] = [:]
        for (key, value) in mapping {
            let keyNode = ConfigurationNode(node: key, path: node.path, source: node.source)
            let code = try keyNode.string()
            let valueNode = ConfigurationNode(node: value, path: node.childPath(code), source: node.source)
            guard (3...9).contains(code.utf8.count), code != "ALL",
                code.utf8.allSatisfy({
                    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                })
            else {
                throw valueNode.failure("the key must be an organisation code of 3–9 uppercase letters or digits (not ALL)")
            }
            let name = try valueNode.string()
            guard !name.isEmpty, !name.contains(where: \.isNewline) else {
                throw valueNode.failure("must be the organisation's name on one line, got \(valueNode.shown)")
            }
            names[code] = name
        }
        return names
    }
}
