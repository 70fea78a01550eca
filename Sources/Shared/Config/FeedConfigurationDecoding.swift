import WaitwatchCore
import Yams

extension FeedConfiguration {
    /// Reads `feeds:`; code map values must be codes of `catalogue`.
    init(node: ConfigurationNode, catalogue: ServiceCatalogue) throws(ConfigurationError) {
        self.init()
        var keys = try node.mapping()
        if let mapNode = keys.take("codeMap") {
            guard case .mapping(let mapping) = mapNode.node else {
                throw mapNode.failure("must be a mapping of source codes to catalogue codes, got \(mapNode.shown)")
            }
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key, !keyScalar.string.isEmpty else {
                    throw mapNode.failure("source codes must be plain text")
                }
                let entry = ConfigurationNode(node: value, path: mapNode.childPath(keyScalar.string), source: node.source)
                let code = try entry.string()
                guard catalogue[code] != nil else {
                    throw entry.failure(
                        "must be a service code of the catalogue (\(catalogue.services.map(\.code).joined(separator: ", "))), got \(entry.shown)"
                    )
                }
                codeMap[keyScalar.string] = code
            }
        }
        if let keyNode = keys.take("patientRefKey") {
            var source = try keyNode.mapping()
            let env = try source.take("env")?.string()
            let file = try source.take("file")?.string()
            try source.finish()
            switch (env, file) {
            case (let name?, nil): patientRefKey = .environment(name)
            case (nil, let path?): patientRefKey = .file(path)
            default: throw keyNode.failure("must give exactly one of env (an environment variable) or file (a key file)")
            }
        }
        try keys.finish()
    }
}
