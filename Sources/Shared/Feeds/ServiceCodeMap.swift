import WaitwatchCore
/// Local or SNOMED CT service codes → catalogue codes (FEEDS.md, common rules).
///
/// A catalogue code maps to itself unless the map says otherwise; matching of source codes
/// is exact after trimming spaces (SNOMED CT ids are digits; local codes are case-sensitive).
public struct ServiceCodeMap: Sendable, Hashable {
    /// Source code → catalogue code.
    public var codes: [String: String]

    /// A map from source codes to catalogue codes.
    public init(_ codes: [String: String] = [:]) {
        self.codes = codes
    }

    /// The catalogue code for a source code, or nil when neither the map nor the catalogue knows it.
    public func service(for sourceCode: String, catalogue: ServiceCatalogue) -> String? {
        let code = sourceCode.trimmingSpaces
        if let mapped = codes[code] { return mapped }
        return catalogue[code]?.code
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line ends.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
