import Foundation
import Shared

/// A message on the workers' internal topic: a partition's contribution to the national (`ALL`)
/// records, or an "end of input" marker used by `--until-end`.
///
/// Envelope: one type byte, then the body (the contribution's own binary encoding, or JSON).
enum InternalMessage {
    case contribution(AllContribution)
    case endOfInput(EndOfInputMarker)

    static let contributionTag: UInt8 = 0x01
    static let endOfInputTag: UInt8 = 0x02

    func encoded() -> [UInt8] {
        switch self {
        case .contribution(let c): return [Self.contributionTag] + c.encoded()
        case .endOfInput(let m): return [Self.endOfInputTag] + ((try? JSONEncoder().encode(m)).map(Array.init) ?? [])
        }
    }

    init(decoding bytes: [UInt8]) throws {
        guard let tag = bytes.first else { throw InternalMessageError.empty }
        switch tag {
        case Self.contributionTag: self = .contribution(try AllContribution(decoding: Array(bytes.dropFirst())))
        case Self.endOfInputTag: self = .endOfInput(try JSONDecoder().decode(EndOfInputMarker.self, from: Data(bytes.dropFirst())))
        default: throw InternalMessageError.unknownTag(tag)
        }
    }
}

enum InternalMessageError: Error, CustomStringConvertible {
    case empty
    case unknownTag(UInt8)
    var description: String {
        switch self {
        case .empty: "empty internal message"
        case .unknownTag(let t): "unknown internal message type \(t)"
        }
    }
}

/// "Input partition `partition` has been read to its end": sent by its owner in `--until-end`
/// mode to every partition of the internal topic, so that every worker learns the last census day
/// (the day before the latest accepted event over all partitions, SPEC section 2).
struct EndOfInputMarker: Codable, Hashable {
    var partition: Int
    /// Days since 1970-01-01 of the partition's latest accepted event, nil when it has none.
    var latestAcceptedDay: Int32?
    /// The offset the partition was read to.
    var endOffset: Int64
    /// The member that sent it (for logs).
    var sender: String
}
