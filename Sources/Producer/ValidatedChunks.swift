import Foundation
import WaitwatchCore

/// `send`'s two threads: one reads and validates the input (a ``FeedRun``) and packs the valid
/// events' keys and bytes into chunks; the calling thread produces the chunks' bytes in place
/// (librdkafka copies them) while the next chunk is being validated. At most ``depth`` chunks
/// wait, so memory stays bounded however large the input. Events keep their order.
final class ValidatedChunks: @unchecked Sendable {
    /// Valid events of the input, in order: `bytes` holds each event's key then its value.
    struct Chunk {
        var bytes: [UInt8] = []
        var entries: [(key: Range<Int>, value: Range<Int>, id: Int)] = []
    }

    private let condition = NSCondition()
    private var ready: [Chunk] = []
    private var spare: [Chunk] = []
    private var done = false
    private var outcome: Result<FeedRun, any Error>?
    private let depth = 4
    private static let eventsPerChunk = 2_000

    /// Starts validating `run`'s input on a thread of its own.
    init(_ run: FeedRun) {
        let thread = Thread { [self] in self.validate(run) }
        thread.name = "waitwatch-send-validate"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Calls `body` with every valid event (its id, key and bytes, valid during the call), in
    /// order, on the calling thread; returns the finished run (its counts and rejections).
    func forEach(_ body: (_ id: Int, _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void) throws -> FeedRun {
        while let chunk = take() {
            chunk.bytes.withUnsafeBytes { bytes in
                for e in chunk.entries {
                    body(e.id, UnsafeRawBufferPointer(rebasing: bytes[e.key]), UnsafeRawBufferPointer(rebasing: bytes[e.value]))
                }
            }
            recycle(chunk)
        }
        condition.lock()
        defer { condition.unlock() }
        return try outcome!.get()
    }

    private func validate(_ run: FeedRun) {
        var run = run
        var chunk = fresh()
        let result: Result<FeedRun, any Error>
        do {
            try run.run { event, bytes, id in
                let k = chunk.bytes.count
                chunk.bytes.append(contentsOf: event.trust.utf8)
                chunk.bytes.append(UInt8(ascii: "/"))
                chunk.bytes.append(contentsOf: event.service.utf8)
                let v = chunk.bytes.count
                chunk.bytes.append(contentsOf: bytes)
                chunk.entries.append((k..<v, v..<chunk.bytes.count, id))
                if chunk.entries.count >= Self.eventsPerChunk {
                    put(chunk)
                    chunk = fresh()
                }
            }
            result = .success(run)
        } catch {
            result = .failure(error)
        }
        put(chunk)
        condition.lock()
        outcome = result
        done = true
        condition.broadcast()
        condition.unlock()
    }

    private func put(_ chunk: Chunk) {
        guard !chunk.entries.isEmpty else { return }
        condition.lock()
        while ready.count >= depth { condition.wait() }
        ready.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    private func take() -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !done { condition.wait() }
        guard !ready.isEmpty else { return nil }
        condition.broadcast()
        return ready.removeFirst()
    }

    private func fresh() -> Chunk {
        condition.lock()
        defer { condition.unlock() }
        guard var chunk = spare.popLast() else { return Chunk() }
        chunk.bytes.removeAll(keepingCapacity: true)
        chunk.entries.removeAll(keepingCapacity: true)
        return chunk
    }

    private func recycle(_ chunk: Chunk) {
        condition.lock()
        if spare.count < depth { spare.append(chunk) }
        condition.unlock()
    }
}
