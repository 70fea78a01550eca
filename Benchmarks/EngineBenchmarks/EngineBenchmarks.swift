import Benchmark
import WaitwatchCore
import WaitwatchSimulation

// The statistics engine (`PartitionEngine`) on one core, without Kafka. Each iteration handles
// 1,000 events (scaling factor `.kilo`): throughput is in thousands of events per second, and
// times and malloc counts are per event. Inputs are prepared in each benchmark's setup, and a
// replay that runs out of inputs restarts with a fresh engine outside the measured section.
// `WAITWATCH_BENCH_SMOKE=1` selects the smoke mode (see `BenchmarkMode`); BENCHMARKS.md has the
// commands.
let benchmarks: @Sendable () -> Void = {
    let mode = BenchmarkMode.fromEnvironment()
    let feedMetrics: [BenchmarkMetric] = [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident]
    let decoder = EventDecoder()

    Benchmark(
        "Feed: ingest + advance",
        configuration: mode.configuration(metrics: feedMetrics)
    ) { (benchmark: Benchmark, replay: EngineReplay<ReferralEvent>) in
        let batch = replay.nextBatch(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        blackHole(replay.run(batch))
        benchmark.stopMeasurement()
    } setup: {
        EngineReplay(inputs: PreparedFeeds.simulatedEvents(mode.feedEvents)) { PartitionEngine(partition: 0) }
    }

    Benchmark(
        "Feed: decode JSON + ingest + advance",
        configuration: mode.configuration(metrics: feedMetrics)
    ) { (benchmark: Benchmark, replay: EngineReplay<[UInt8]>) in
        let batch = replay.nextBatch(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        blackHole(replay.run(batch, decoder: decoder))
        benchmark.stopMeasurement()
    } setup: {
        EngineReplay(inputs: PreparedFeeds.simulatedMessages(mode.feedEvents)) { PartitionEngine(partition: 0) }
    }

    Benchmark(
        "Steady state: booked + DNA for existing referrals",
        configuration: mode.configuration(metrics: [.mallocCountTotal, .throughput, .wallClock])
    ) { (benchmark: Benchmark, replay: EngineReplay<ReferralEvent>) in
        let batch = replay.nextBatch(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        blackHole(replay.run(batch))
        benchmark.stopMeasurement()
    } setup: {
        let receipts = PreparedFeeds.steadyStateReceipts(referrals: mode.steadyReferrals)
        let updates = PreparedFeeds.steadyStateUpdates(referrals: mode.steadyReferrals, count: mode.steadyEvents)
        return EngineReplay(inputs: updates) { PreparedFeeds.engine(receiving: receipts) }
    }
}
