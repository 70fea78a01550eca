import Yams
import WaitwatchCore

extension WaitwatchConfiguration {
    /// An integrated care board of `icbs:`: its name and the NHS England region it belongs to.
    public struct ICB: Sendable, Hashable {
        /// The ICB's name, e.g. `NHS Mid and South Essex Integrated Care Board`.
        public var name: String
        /// The region's code, a key of `regions:` (e.g. `Y61`).
        public var region: String

        /// An ICB.
        public init(name: String, region: String) {
            self.name = name
            self.region = region
        }
    }

    /// `organisations`: a mapping from organisation code (an ODS code such as `RAJ`, or a
    /// local-authority code such as `E06000033`) to the organisation's name, for reports and the
    /// `stats` command, or to its name and ICB, which also puts it in that ICB's and its
    /// region's roll-up records:
    ///
    /// ```yaml
    /// organisations:
    ///   RAJ: Mid and South Essex NHS Foundation Trust          # a name only: no roll-up
    ///   E06000033: { name: Southend-on-Sea City Council, icb: QH8 }
    /// ```
    ///
    /// Codes must be 3–9 uppercase letters or digits (like the events' `trust`), not `ALL`;
    /// names are non-empty text on one line; an `icb` must be a key of `icbs` (decoded first).
    static func organisations(
        _ node: ConfigurationNode, icbs: [String: ICB]
    ) throws(ConfigurationError) -> (names: [String: String], icbs: [String: String]) {
        var names: [String: String] = [:]
        var memberships: [String: String] = [:]
        for (code, valueNode) in try codes(node, of: "organisation") {
            if case .mapping = valueNode.node {
                var keys = try valueNode.mapping()
                names[code] = try name(try keys.require("name"))
                if let icbNode = keys.take("icb") {
                    let icb = try icbNode.string()
                    guard icbs[icb] != nil else {
                        throw icbNode.failure("must be the code of an ICB listed under icbs, got \(icbNode.shown)")
                    }
                    memberships[code] = icb
                }
                try keys.finish()
            } else {
                names[code] = try name(valueNode)
            }
        }
        return (names, memberships)
    }

    /// `icbs`: ICB code → `{ name, region }`, the region a key of `regions` (decoded first).
    static func icbs(_ node: ConfigurationNode, regions: [String: String]) throws(ConfigurationError) -> [String: ICB] {
        var icbs: [String: ICB] = [:]
        for (code, valueNode) in try codes(node, of: "ICB") {
            var keys = try valueNode.mapping()
            let name = try name(try keys.require("name"))
            let regionNode = try keys.require("region")
            let region = try regionNode.string()
            guard regions[region] != nil else {
                throw regionNode.failure("must be the code of a region listed under regions, got \(regionNode.shown)")
            }
            try keys.finish()
            icbs[code] = ICB(name: name, region: region)
        }
        return icbs
    }

    /// `regions`: NHS England region code → name.
    static func regions(_ node: ConfigurationNode) throws(ConfigurationError) -> [String: String] {
        var names: [String: String] = [:]
        for (code, valueNode) in try codes(node, of: "region") { names[code] = try name(valueNode) }
        return names
    }

    /// The entries of a mapping keyed by codes of 3–9 uppercase letters or digits (not `ALL`).
    private static func codes(
        _ node: ConfigurationNode, of what: String
    ) throws(ConfigurationError) -> [(code: String, value: ConfigurationNode)] {
        guard case .mapping(let mapping) = node.node else {
            throw node.failure("must be a mapping of \(what) codes to entries, got \(node.shown)")
        }
        guard mapping.count <= ConfigurationLimits.maximumEntries else {
            throw node.failure("must have at most \(ConfigurationLimits.maximumEntries) keys, got \(mapping.count)")
        }
        var entries: [(code: String, value: ConfigurationNode)] = []
        for (key, value) in mapping {
            let keyNode = ConfigurationNode(node: key, path: node.path, source: node.source)
            let code = try keyNode.string()
            let valueNode = ConfigurationNode(node: value, path: node.childPath(code), source: node.source)
            guard (3...9).contains(code.utf8.count), code != "ALL",
                code.utf8.allSatisfy({
                    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                })
            else {
                throw valueNode.failure(
                    "the key must be \(what == "region" ? "a" : "an") \(what) code of 3–9 uppercase letters or digits (not ALL)")
            }
            entries.append((code, valueNode))
        }
        return entries
    }

    private static func name(_ node: ConfigurationNode) throws(ConfigurationError) -> String {
        let name = try node.string()
        guard !name.isEmpty, !name.contains(where: \.isNewline) else {
            throw node.failure("must be a name on one line, got \(node.shown)")
        }
        return name
    }
}
