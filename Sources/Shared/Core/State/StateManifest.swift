/// The last record of a snapshot.
public struct StateManifest: Equatable, Sendable {
    public var owner: StateOwner
    /// Increasing per owner.
    public var snapshot: UInt64
    public var chunkCount: UInt32
    public var length: UInt64
    public var checksum: UInt64
    /// The offset of the next message the state had not read (input or internal topic).
    public var position: Int64
    public var createdAtMilliseconds: Int64

    public init(
        owner: StateOwner, snapshot: UInt64, chunkCount: UInt32, length: UInt64, checksum: UInt64, position: Int64,
        createdAtMilliseconds: Int64
    ) {
        self.owner = owner
        self.snapshot = snapshot
        self.chunkCount = chunkCount
        self.length = length
        self.checksum = checksum
        self.position = position
        self.createdAtMilliseconds = createdAtMilliseconds
    }
}
