import WaitwatchCore

extension InternalMessage {
    /// The message as written to the internal topic: its owner (``InternalRecordOwner``), then
    /// the envelope of ``encoded()``.
    package func encoded(by owner: InternalRecordOwner) -> [UInt8] {
        owner.encoded() + encoded()
    }

    /// Reads a message of the internal topic: its owner (nil when it names none) and, when
    /// there is an owner, the message.
    package static func decode(_ bytes: [UInt8]) throws -> (owner: InternalRecordOwner?, message: InternalMessage?) {
        guard let split = InternalRecordOwner.split(bytes) else { return (nil, nil) }
        return (split.owner, try InternalMessage(decoding: Array(bytes[split.bodyStart...])))
    }
}
