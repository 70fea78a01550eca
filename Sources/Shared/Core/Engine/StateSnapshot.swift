/// Why bytes could not be restored as a ``PartitionEngine`` or ``AllAggregator`` state.
public struct StateSnapshotError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong.
    public enum Reason: Sendable, Equatable {
        /// The bytes do not start like a state snapshot.
        case notASnapshot
        /// The bytes end before the snapshot does.
        case truncated
        /// A format version this build does not read.
        case unsupportedVersion(UInt8)
        /// A snapshot of the other kind (a partition's instead of the aggregator's, or back).
        case wrongKind
        /// The checksum does not match, or a value is out of range (named).
        case corrupt(String)
        /// A snapshot of another partition.
        case wrongPartition(expected: Int, found: UInt64)
        /// Taken with another configuration (what differs).
        case configurationMismatch(String)
    }

    /// What is wrong.
    public var reason: Reason

    /// Creates an error.
    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// One line naming the problem.
    public var description: String {
        switch reason {
        case .notASnapshot: "bytes are not a state snapshot"
        case .truncated: "state snapshot is truncated"
        case .unsupportedVersion(let v):
            "state snapshot has format version \(v) (this build reads \(StateSnapshotFormat.version))"
        case .wrongKind: "state snapshot is of another kind (partition engine vs national aggregator)"
        case .corrupt(let what): "state snapshot is corrupt (\(what))"
        case let .wrongPartition(expected, found): "state snapshot is of partition \(found), not \(expected)"
        case .configurationMismatch(let what): "state snapshot was taken with another configuration (\(what))"
        }
    }
}

/// The state snapshot container.
///
/// Layout: `magic "WWSS" version:u8 kind:u8 bodyLength:u32le body checksum:u64le` where the
/// checksum is 64-bit FNV-1a over everything before it. The body starts with the configuration
/// it was taken with (`windowDays:svar latenessSeconds:svar finishedReferralRetentionDays:svar
/// catalogueFingerprint:u64le`, the fingerprint being FNV-1a over each service's code, target
/// weeks, standard and clock stop, in catalogue order, combined with the organisation roll-up
/// mapping when there is one; display names are left out), then for a
/// partition `partition:uvar`, then the state (see ``PartitionEngine/writeSnapshot(to:)`` and
/// ``AllAggregator/writeSnapshot(to:)``). Varints are LEB128, signed ones zig-zag; every
/// dictionary is written sorted, so equal states give identical bytes.
enum StateSnapshotFormat {
    typealias Reason = StateSnapshotError.Reason
    static let magic: [UInt8] = Array("WWSS".utf8)
    /// 2: keys, outboxes and the aggregator keep their feed freshness (`lastEventAt`).
    static let version: UInt8 = 2
    static let partitionKind: UInt8 = 1
    static let aggregatorKind: UInt8 = 2
    static let headerLength = 10
    static let checksumLength = 8

    /// FNV-1a over a canonical encoding of the catalogue's codes and rules.
    static func catalogueFingerprint(_ catalogue: ServiceCatalogue) -> UInt64 {
        var w = ByteWriter()
        w.uvar(UInt64(catalogue.services.count))
        for s in catalogue.services {
            w.string(s.code)
            w.svar(Int64(s.targetWeeks))
            w.svar(Int64(s.standardPct))
            w.string(s.clockStop.rawValue)
        }
        return FNV1a.hash64(w.out)
    }

    /// The catalogue's fingerprint, combined with the organisation roll-up mapping's when there
    /// is one (so snapshots taken without a mapping keep their fingerprint).
    static func statisticsFingerprint(_ c: EngineConfiguration) -> UInt64 {
        let catalogue = catalogueFingerprint(c.catalogue)
        guard !c.rollups.isEmpty else { return catalogue }
        var w = ByteWriter()
        w.u64le(catalogue)
        w.bytes(c.rollups.canonicalBytes())
        return FNV1a.hash64(w.out)
    }

    /// Header and configuration; the body follows.
    static func begin(kind: UInt8, configuration c: EngineConfiguration) -> ByteWriter {
        var w = ByteWriter()
        w.out.reserveCapacity(4096)
        w.bytes(magic)
        w.byte(version)
        w.byte(kind)
        w.u32le(0)  // body length, patched by `end`
        w.svar(Int64(c.windowDays))
        w.svar(c.latenessSeconds)
        w.svar(Int64(c.finishedReferralRetentionDays))
        w.u64le(statisticsFingerprint(c))
        return w
    }

    /// Patches the body length and appends the checksum.
    static func end(_ w: inout ByteWriter) -> [UInt8] {
        let body = w.out.count - headerLength
        precondition(body <= Int(UInt32.max), "state snapshot body over 4 GiB")
        for i in 0..<4 { w.out[6 + i] = UInt8(truncatingIfNeeded: body >> (8 * i)) }
        w.u64le(FNV1a.hash64(w.out))
        return w.out
    }

    /// Checks the container and the configuration; returns a reader positioned after them
    /// (limited to the body).
    static func open(
        _ bytes: [UInt8], kind: UInt8, configuration c: EngineConfiguration
    ) throws(StateSnapshotError) -> ByteReader {
        guard bytes.count >= magic.count else {
            throw StateSnapshotError(magic.starts(with: bytes) ? Reason.truncated : Reason.notASnapshot)
        }
        guard bytes.starts(with: magic) else { throw StateSnapshotError(.notASnapshot) }
        guard bytes.count >= headerLength else { throw StateSnapshotError(Reason.truncated) }
        guard bytes[4] == version else { throw StateSnapshotError(Reason.unsupportedVersion(bytes[4])) }
        guard bytes[5] == kind else { throw StateSnapshotError(.wrongKind) }
        var body = 0
        for i in 0..<4 { body |= Int(bytes[6 + i]) << (8 * i) }
        let total = headerLength + body + checksumLength
        guard bytes.count >= total else { throw StateSnapshotError(Reason.truncated) }
        guard bytes.count == total else { throw StateSnapshotError(.corrupt("\(bytes.count - total) trailing bytes")) }
        var tail = ByteReader(Array(bytes[(total - checksumLength)...]))
        let checksum = (try? tail.u64le()) ?? 0
        guard checksum == FNV1a.hash64(bytes, to: total - checksumLength) else {
            throw StateSnapshotError(.corrupt("checksum mismatch"))
        }
        var r = ByteReader(Array(bytes[headerLength..<(total - checksumLength)]))
        let windowDays: Int64, lateness: Int64, retention: Int64, fingerprint: UInt64
        do throws(BinaryDecodingError) {
            windowDays = try r.svar()
            lateness = try r.svar()
            retention = try r.svar()
            fingerprint = try r.u64le()
        } catch {
            throw StateSnapshotError(reading: error)
        }
        var differences: [String] = []
        if windowDays != Int64(c.windowDays) { differences.append("windowDays \(windowDays) → \(c.windowDays)") }
        if lateness != c.latenessSeconds { differences.append("latenessSeconds \(lateness) → \(c.latenessSeconds)") }
        if retention != Int64(c.finishedReferralRetentionDays) {
            differences.append("finishedReferralRetentionDays \(retention) → \(c.finishedReferralRetentionDays)")
        }
        if fingerprint != statisticsFingerprint(c) {
            differences.append("the catalogue's services or rules, or the organisation roll-up mapping, differ")
        }
        if !differences.isEmpty {
            throw StateSnapshotError(.configurationMismatch(differences.joined(separator: ", ")))
        }
        return r
    }
}

extension StateSnapshotError {
    init(reading error: BinaryDecodingError) {
        switch error {
        case .truncated: self.init(.corrupt("a value runs past the end of the body"))
        case .invalid(let what): self.init(.corrupt("invalid \(what)"))
        case .unsupportedVersion(let v): self.init(.corrupt("held contribution of version \(v)"))
        case .trailingBytes(let n): self.init(.corrupt("\(n) trailing bytes"))
        }
    }
}

extension PartitionEngine {
    /// The engine's whole state as bytes, to be stored (e.g. in Kafka) and given to
    /// ``init(restoring:partition:configuration:)`` by whichever process takes the partition
    /// over: the restored engine continues exactly as this one would.
    ///
    /// Deterministic: equal states give identical bytes (dictionaries are written sorted).
    /// Compact: about 19 bytes per waiting referral with ids like `R-RAJ-SALT-000123`.
    public func snapshotBytes() -> [UInt8] {
        var w = StateSnapshotFormat.begin(kind: StateSnapshotFormat.partitionKind, configuration: configuration)
        w.uvar(UInt64(max(0, partition)))
        writeSnapshot(to: &w)
        return StateSnapshotFormat.end(&w)
    }

    /// Restores an engine from ``snapshotBytes()``.
    ///
    /// Throws on truncated or corrupt bytes, another format version, a snapshot of another
    /// partition or of the aggregator, or one taken with a configuration that differs in
    /// `windowDays`, `latenessSeconds`, `finishedReferralRetentionDays` or the catalogue's
    /// services and rules.
    public init(restoring bytes: [UInt8], partition: Int, configuration: EngineConfiguration) throws(StateSnapshotError) {
        var r = try StateSnapshotFormat.open(bytes, kind: StateSnapshotFormat.partitionKind, configuration: configuration)
        self.init(partition: partition, configuration: configuration)
        let found: UInt64
        do throws(BinaryDecodingError) { found = try r.uvar() } catch { throw StateSnapshotError(reading: error) }
        guard found == UInt64(max(0, partition)) else {
            throw StateSnapshotError(.wrongPartition(expected: partition, found: found))
        }
        do throws(BinaryDecodingError) {
            try readSnapshot(&r)
            guard r.remaining == 0 else { throw BinaryDecodingError.trailingBytes(r.remaining) }
        } catch {
            throw StateSnapshotError(reading: error)
        }
    }
}

extension AllAggregator {
    /// The aggregator's whole state as bytes (see ``PartitionEngine/snapshotBytes()``).
    /// Deterministic: equal states give identical bytes.
    public func snapshotBytes() -> [UInt8] {
        var w = StateSnapshotFormat.begin(kind: StateSnapshotFormat.aggregatorKind, configuration: configuration)
        writeSnapshot(to: &w)
        return StateSnapshotFormat.end(&w)
    }

    /// Restores an aggregator from ``snapshotBytes()``, with the partition count it had (grow it
    /// with ``setPartitionCount(_:)``). Throws as
    /// ``PartitionEngine/init(restoring:partition:configuration:)`` does.
    public init(restoring bytes: [UInt8], configuration: EngineConfiguration) throws(StateSnapshotError) {
        var r = try StateSnapshotFormat.open(bytes, kind: StateSnapshotFormat.aggregatorKind, configuration: configuration)
        self.init(configuration: configuration, partitionCount: 0)
        do throws(BinaryDecodingError) {
            try readSnapshot(&r)
            guard r.remaining == 0 else { throw BinaryDecodingError.trailingBytes(r.remaining) }
        } catch {
            throw StateSnapshotError(reading: error)
        }
    }
}
