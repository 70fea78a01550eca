import Foundation
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchCLI

/// A message on the workers' internal topic: a partition's contribution to the national (`ALL`)
/// records, or an "end of input" marker used by `--until-end`.
///
/// Envelope: one type byte, then the body (the contribution's own binary encoding, or JSON).
package enum InternalMessage {
    /// Contributions in the order they were made (those of one poll batch, packed together).
    case contributions([AllContribution])
    case endOfInput(EndOfInputMarker)

    package static let contributionsTag: UInt8 = 0x01
    package static let endOfInputTag: UInt8 = 0x02

    /// Contributions: the tag, then per contribution a 4-byte big-endian length and its encoding.
    package func encoded() -> [UInt8] {
        switch self {
        case .contributions(let list):
            var out: [UInt8] = [Self.contributionsTag]
            for c in list {
                let bytes = c.encoded()
                let n = UInt32(bytes.count)
                out += [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)]
                out += bytes
            }
            return out
        case .endOfInput(let m):
            return [Self.endOfInputTag] + ((try? JSONEncoder().encode(m)).map(Array.init) ?? [])
        }
    }

    package init(decoding bytes: [UInt8]) throws {
        guard let tag = bytes.first else { throw InternalMessageError.empty }
        switch tag {
        case Self.contributionsTag:
            var list: [AllContribution] = []
            var i = 1
            while i < bytes.count {
                guard i + 4 <= bytes.count else { throw InternalMessageError.truncated }
                let n = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
                i += 4
                guard i + n <= bytes.count else { throw InternalMessageError.truncated }
                list.append(try AllContribution(decoding: Array(bytes[i..<(i + n)])))
                i += n
            }
            self = .contributions(list)
        case Self.endOfInputTag: self = .endOfInput(try JSONDecoder().decode(EndOfInputMarker.self, from: Data(bytes.dropFirst())))
        default: throw InternalMessageError.unknownTag(tag)
        }
    }
}

package enum InternalMessageError: Error, CustomStringConvertible {
    case empty
    case truncated
    case unknownTag(UInt8)
    package var description: String {
        switch self {
        case .empty: "empty internal message"
        case .truncated: "truncated internal message"
        case .unknownTag(let t): "unknown internal message type \(t)"
        }
    }
}

/// "Input partition `partition` has been read to its end": sent by its owner in `--until-end`
/// mode to every partition of the internal topic, so that every worker learns the last census day
/// (the day before the latest accepted event over all partitions, SPEC section 2).
package struct EndOfInputMarker: Codable, Hashable {
    package var partition: Int
    /// Days since 1970-01-01 of the partition's latest accepted event, nil when it has none.
    package var latestAcceptedDay: Int32?
    /// The offset the partition was read to.
    package var endOffset: Int64
    /// The member that sent it (for logs).
    package var sender: String

    package init(partition: Int, latestAcceptedDay: Int32?, endOffset: Int64, sender: String) {
        self.partition = partition
        self.latestAcceptedDay = latestAcceptedDay
        self.endOffset = endOffset
        self.sender = sender
    }
}
