import Benchmark
import Foundation
import WaitwatchCore
import WaitwatchSimulation

/// How big and how long the engine benchmarks run.
///
/// The full mode (the default) gives the figures recorded in BENCHMARKS.md. The smoke mode, chosen
/// with the environment variable `WAITWATCH_BENCH_SMOKE=1`, runs every benchmark on a small feed
/// for a few iterations, so that CI proves the benchmarks build and run without spending time on
/// figures nobody reads (it asserts nothing).
struct BenchmarkMode: Sendable {
    /// Events of the simulated feed prepared for the feed benchmarks.
    let feedEvents: Int
    /// Referrals received before the steady-state benchmark measures anything.
    let steadyReferrals: Int
    /// `appointment.booked`/`appointment.dna` events prepared for the steady-state benchmark.
    let steadyEvents: Int
    /// Iterations run before measuring (each iteration is `scalingFactor` events).
    let warmupIterations: Int
    /// The most iterations measured per benchmark.
    let maxIterations: Int
    /// The most wall-clock time spent per benchmark (setup excluded).
    let maxDuration: Duration

    /// The mode for figures: a 200,000-event feed, up to 5 s per benchmark.
    static let full = BenchmarkMode(
        feedEvents: 200_000, steadyReferrals: 1_000, steadyEvents: 200_000,
        warmupIterations: 1, maxIterations: 10_000, maxDuration: .seconds(5))

    /// The mode for CI: a 3,000-event feed, 3 iterations per benchmark.
    static let smoke = BenchmarkMode(
        feedEvents: 3_000, steadyReferrals: 100, steadyEvents: 3_000,
        warmupIterations: 0, maxIterations: 3, maxDuration: .seconds(1))

    /// The mode the environment asks for: ``smoke`` when `WAITWATCH_BENCH_SMOKE` is `1`, else ``full``.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> BenchmarkMode {
        environment["WAITWATCH_BENCH_SMOKE"] == "1" ? .smoke : .full
    }

    /// A benchmark configuration measuring `metrics` per event: each iteration handles
    /// `scalingFactor` (1,000) events, and the library divides counts and times by it.
    func configuration(metrics: [BenchmarkMetric]) -> Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: metrics, warmupIterations: warmupIterations, scalingFactor: .kilo,
            maxDuration: maxDuration, maxIterations: maxIterations)
    }
}
