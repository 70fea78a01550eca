import WaitwatchCore
import WaitwatchSimulation

/// One partition engine fed prepared inputs in batches, one batch per benchmark iteration.
///
/// The inputs (events, or their JSON bytes) are made once, in the benchmark's setup, so that
/// only the engine's work is measured. When the inputs left are fewer than a batch, the replay
/// starts again from the first input with a fresh engine from `makeEngine`; that happens in
/// ``nextBatch(_:)``, which benchmarks call before `startMeasurement()`.
///
/// Not thread-safe: owned by one benchmark, used from the thread running it.
final class EngineReplay<Input> {
    /// The prepared inputs, in arrival order.
    let inputs: [Input]
    private let makeEngine: () -> PartitionEngine
    private var engine: PartitionEngine
    private var position = 0
    private var deadLetters: [DeadLetter] = []

    /// A replay of `inputs` into engines made by `makeEngine` (called now, and at each restart).
    init(inputs: [Input], makeEngine: @escaping () -> PartitionEngine) {
        precondition(!inputs.isEmpty, "a replay needs inputs")
        self.inputs = inputs
        self.makeEngine = makeEngine
        self.engine = makeEngine()
    }

    /// The indices of the next `count` inputs (fewer only when there are fewer inputs in all);
    /// restarts with a fresh engine first when fewer than `count` are left.
    func nextBatch(_ count: Int) -> Range<Int> {
        if position + count > inputs.count {
            engine = makeEngine()
            position = 0
        }
        let batch = position..<min(position + count, inputs.count)
        position = batch.upperBound
        return batch
    }

    /// Ingests one event and publishes what its watermark completes, as the worker does for
    /// each message; returns the number of records published.
    @inline(__always)
    fileprivate func ingestAndAdvance(_ event: ReferralEvent, token: UInt64) -> Int {
        deadLetters.removeAll(keepingCapacity: true)
        _ = engine.ingest(event, token: token, deadLetters: &deadLetters)
        return engine.advanceToWatermark()?.records.count ?? 0
    }
}

extension EngineReplay where Input == ReferralEvent {
    /// Ingest + advance for each event of `batch`; returns the number of records published.
    func run(_ batch: Range<Int>) -> Int {
        var records = 0
        for i in batch {
            records += ingestAndAdvance(inputs[i], token: UInt64(i))
        }
        return records
    }
}

extension EngineReplay where Input == [UInt8] {
    /// Decode + ingest + advance for each JSON message of `batch`; returns the number of records
    /// published. Stops the process if a message does not decode: the prepared messages are the
    /// encoder's own, so that is a bug, and it must fail the CI smoke run too.
    func run(_ batch: Range<Int>, decoder: EventDecoder) -> Int {
        var records = 0
        for i in batch {
            switch decoder.decode(inputs[i]) {
            case .success(let event):
                records += ingestAndAdvance(event, token: UInt64(i))
            case .failure(let rejection):
                fatalError("prepared message \(i) does not decode: \(rejection)")
            }
        }
        return records
    }
}
