import WaitwatchCore

/// One simulated organisation pair: an NHS trust and the local authority of its area.
///
/// NHS services' waiting lists are held by the trust (`trust` field = ``nhsTrust``, an
/// ODS-style code such as `RAJ`); EHC needs assessments are held by the local authority
/// (`trust` field = ``localAuthority``, an ONS-style code such as `E06000033`). Both codes
/// match `^[A-Z0-9]{3,9}$` and are never `ALL`.
public struct SimulationOrganisation: Sendable, Hashable {
    /// ODS-style code of the NHS trust (3 or 4 uppercase letters/digits).
    public var nhsTrust: String
    /// ONS-style code of the local authority paired with the trust (9 characters).
    public var localAuthority: String

    /// An organisation pair.
    public init(nhsTrust: String, localAuthority: String) {
        self.nhsTrust = nhsTrust
        self.localAuthority = localAuthority
    }

    /// Built-in pairs of real-looking codes: providers of children's community services and
    /// a local authority of their area. Used first, in this order.
    static let builtIn: [SimulationOrganisation] = [
        .init(nhsTrust: "RAJ", localAuthority: "E06000033"),  // Mid and South Essex / Southend-on-Sea
        .init(nhsTrust: "RQW", localAuthority: "E10000015"),  // Princess Alexandra / Hertfordshire
        .init(nhsTrust: "RXA", localAuthority: "E06000049"),  // Cheshire and Wirral / Cheshire East
        .init(nhsTrust: "R1F", localAuthority: "E06000046"),  // Isle of Wight
        .init(nhsTrust: "RBS", localAuthority: "E08000012"),  // Alder Hey / Liverpool
        .init(nhsTrust: "RY2", localAuthority: "E08000010"),  // Bridgewater / Wigan
        .init(nhsTrust: "RYX", localAuthority: "E09000033"),  // Central London Community / Westminster
        .init(nhsTrust: "RCU", localAuthority: "E08000019"),  // Sheffield Children's / Sheffield
        .init(nhsTrust: "RQ3", localAuthority: "E08000025"),  // Birmingham Women's and Children's / Birmingham
        .init(nhsTrust: "RDY", localAuthority: "E06000059"),  // Dorset HealthCare / Dorset
        .init(nhsTrust: "RT5", localAuthority: "E10000018"),  // Leicestershire Partnership / Leicestershire
        .init(nhsTrust: "R1C", localAuthority: "E06000045"),  // Solent / Southampton
        .init(nhsTrust: "RY6", localAuthority: "E08000035"),  // Leeds Community / Leeds
        .init(nhsTrust: "RYG", localAuthority: "E10000031"),  // Coventry and Warwickshire / Warwickshire
    ]

    /// The first `count` organisations: the built-in list, then generated pairs
    /// (trust `R` + two or three base-36 digits not used by the built-in list, local
    /// authority `E99` + six digits, a range no real authority uses). Deterministic.
    static func make(count: Int) -> [SimulationOrganisation] {
        var result = Array(builtIn.prefix(count))
        let used = Set(builtIn.map(\.nhsTrust))
        var candidate = 0
        while result.count < count {
            let digits = String(candidate, radix: 36, uppercase: true)
            let code = "R" + String(repeating: "0", count: max(0, 2 - digits.count)) + digits
            candidate += 1
            if used.contains(code) { continue }
            let index = String(result.count + 1)
            let authority = "E99" + String(repeating: "0", count: max(0, 6 - index.count)) + index
            result.append(SimulationOrganisation(nhsTrust: code, localAuthority: authority))
        }
        return result
    }
}
