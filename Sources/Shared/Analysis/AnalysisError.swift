import WaitwatchCore

/// Why a question about the published statistics cannot be answered: one line for the user,
/// naming what they asked for and what the data holds.
public enum AnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No record on the topic at all (or none of the level asked for).
    case noData(topic: String)
    /// A service code that no record has; `known` lists the codes the data has.
    case unknownService(String, known: [String])
    /// An organisation code that no record has; `known` lists up to a few codes the data has.
    case unknownTrust(String, known: [String])
    /// A day or period outside the days the selected records cover.
    case outsideData(asked: String, first: CivilDay, last: CivilDay)

    /// The message: e.g. `no records for 2027-01-01: data covers 2023-11-30 … 2026-11-30`.
    public var description: String {
        switch self {
        case .noData(let topic):
            return "\(topic) holds no statistics records yet"
        case .unknownService(let code, let known):
            return "unknown service \(code): the data has \(known.joined(separator: ", "))"
        case .unknownTrust(let code, let known):
            let shown = known.prefix(12).joined(separator: ", ") + (known.count > 12 ? ", … (\(known.count) in all)" : "")
            return "no records for trust \(code): the data has \(shown)"
        case .outsideData(let asked, let first, let last):
            return "no records for \(asked): data covers \(first) … \(last)"
        }
    }
}
