import WaitwatchCore

/// Whose an internal record is (issue 16): the consumer group that wrote it and the fingerprint
/// of the configuration it was computed with (``EngineConfiguration/fingerprint``). Every
/// record on the internal topics (contributions, end-of-input markers, snapshot chunks and
/// manifests) starts with its owner, and a worker refuses, with a logged reason, records that
/// are not its own group's under its own configuration: Kafka Streams keeps applications apart
/// by prefixing their topics with the `application.id`; the owner also keeps apart a group's
/// runs under different configurations and anything written to the wrong topic by hand.
///
/// Prefix layout: `magic "WWO1" groupLength:u16be group:utf8 configuration:u64be`.
package struct InternalRecordOwner: Hashable, Sendable, CustomStringConvertible {
    /// The consumer group (`run --group`).
    package var group: String
    /// ``EngineConfiguration/fingerprint`` of the configuration the group runs with.
    package var configuration: UInt64

    package init(group: String, configuration: UInt64) {
        self.group = group
        self.configuration = configuration
    }

    package static let magic: [UInt8] = Array("WWO1".utf8)

    package var description: String { "group \(group), configuration \(String(configuration, radix: 16))" }

    /// The prefix written before an internal record's own bytes.
    package func encoded() -> [UInt8] {
        let name = Array(group.utf8.prefix(Int(UInt16.max)))
        var out = Self.magic
        out.reserveCapacity(4 + 2 + name.count + 8)
        out += [UInt8(name.count >> 8), UInt8(name.count & 0xFF)]
        out += name
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((configuration >> UInt64(shift)) & 0xFF)) }
        return out
    }

    /// The owner at the start of `bytes` and where the record's own bytes start; nil when the
    /// bytes do not start with an owner (written by a version before issue 16, or not by waitwatch).
    package static func split(_ bytes: [UInt8]) -> (owner: InternalRecordOwner, bodyStart: Int)? {
        guard bytes.count >= magic.count + 2, bytes.starts(with: magic) else { return nil }
        let length = Int(bytes[4]) << 8 | Int(bytes[5])
        let end = 6 + length + 8
        guard bytes.count >= end, let group = String(validating: bytes[6..<(6 + length)], as: UTF8.self) else { return nil }
        var configuration: UInt64 = 0
        for b in bytes[(6 + length)..<end] { configuration = configuration << 8 | UInt64(b) }
        return (InternalRecordOwner(group: group, configuration: configuration), end)
    }

    /// Why a record written by `writer` (nil: without an owner) is not this owner's, or nil when it is.
    package func refusal(of writer: InternalRecordOwner?) -> String? {
        guard let writer else { return "it names no owner (written before internal records named their group, or not by waitwatch)" }
        if writer.group != group { return "it belongs to group \(writer.group), not \(group)" }
        if writer.configuration != configuration {
            return
                "it was computed under another configuration (fingerprint \(String(writer.configuration, radix: 16)), this worker's is \(String(configuration, radix: 16)))"
        }
        return nil
    }
}
