// swift-tools-version: 6.1
import PackageDescription

// The modules, by role (docs/DESIGN.md has the diagram):
//
//   CKafka ─ WaitwatchKafka ─ WaitwatchKafkaEmbedded          the librdkafka binding; knows nothing of referrals
//   WaitwatchCore                                             model, engine, alerts, snapshot format: no I/O
//     ├─ WaitwatchSimulation                                  the seeded synthetic feed
//     └─ WaitwatchConfig                                      YAML → core values
//   WaitwatchCLI                                              options, output, progress, tables for the commands
//   WaitwatchMLLP                                             HL7 v2 over MLLP: framing, ACKs, the `listen` server (NIO)
//   WaitwatchAnalysis                                         analysts' views: series, monthly, suppression, HTML, schemas
//   WaitwatchWorkerRuntime                                    the worker: tasks, collector, coordinators, loop
//   Producer, Worker                                          executables: commands and `main` only
//   WaitwatchTesting (Tests/Support)                          reference statistics, builders; tests only
let package = Package(
    name: "waitwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "waitwatch-producer", targets: ["Producer"]),
        .executable(name: "waitwatch-worker", targets: ["Worker"]),
        .library(name: "WaitwatchCore", targets: ["WaitwatchCore"]),
        .library(name: "WaitwatchKafka", targets: ["WaitwatchKafka"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // The librdkafka binding: the only module that imports CKafka (with the embedded cluster).
        .target(
            name: "WaitwatchKafka",
            dependencies: [
                "CKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Shared/Kafka"
        ),
        // librdkafka's mock cluster, for demos and tests (`dev-cluster`); never for production.
        .target(
            name: "WaitwatchKafkaEmbedded",
            dependencies: [
                "CKafka",
                "WaitwatchKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Shared/KafkaEmbedded"
        ),
        // The product's own logic: events, the statistics engine, alerts, the snapshot format.
        // Pure: no Kafka, no YAML, no command line, no logging, no clock (only swift-collections' heap).
        .target(
            name: "WaitwatchCore",
            dependencies: [.product(name: "HeapModule", package: "swift-collections")],
            path: "Sources/Shared/Core"
        ),
        .target(
            name: "WaitwatchSimulation",
            dependencies: [
                "WaitwatchCore",
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            path: "Sources/Shared/Simulation"
        ),
        // Trusts' own formats (CSV extracts, HL7 v2, FHIR R4) turned into events; pure, like the core.
        .target(
            name: "WaitwatchFeeds",
            dependencies: ["WaitwatchCore"],
            path: "Sources/Shared/Feeds"
        ),
        // HL7 v2 over MLLP (`listen`): framing as NIO handlers, the ACK builder, the server with
        // TLS and an allow-list; each message converted by the HL7 adapter and produced to Kafka.
        .target(
            name: "WaitwatchMLLP",
            dependencies: [
                "WaitwatchCore",
                "WaitwatchFeeds",
                "WaitwatchKafka",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Shared/MLLP"
        ),
        // The configuration file (YAML) turned into core values, with one-line keyed errors.
        .target(
            name: "WaitwatchConfig",
            dependencies: [
                "WaitwatchCore",
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/Shared/Config"
        ),
        // What the commands share: Kafka options, unbuffered output, progress lines, tables.
        .target(
            name: "WaitwatchCLI",
            dependencies: [
                "WaitwatchCore",
                "WaitwatchKafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Shared/CLI"
        ),
        // Analysts' views of the published records: long-format rows, the monthly publication layout,
        // small-number suppression, the HTML report, the JSON Schemas. Pure: records in, text out.
        .target(
            name: "WaitwatchAnalysis",
            dependencies: ["WaitwatchCore"],
            path: "Sources/Shared/Analysis"
        ),
        // The worker as a library: its tasks, output collector, coordinators and loop.
        .target(
            name: "WaitwatchWorkerRuntime",
            dependencies: [
                "WaitwatchCore",
                "WaitwatchConfig",
                "WaitwatchKafka",
                "WaitwatchCLI",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Sources/Shared/WorkerRuntime"
        ),
        // What operators scrape and probe: the Prometheus registry and the /metrics, /healthz and
        // /readyz HTTP server (SwiftNIO). Only the executables link it; libraries emit through swift-metrics.
        .target(
            name: "WaitwatchOperations",
            dependencies: [
                "WaitwatchCore",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Shared/Operations"
        ),
        .executableTarget(
            name: "Producer",
            dependencies: [
                "WaitwatchCore",
                "WaitwatchConfig",
                "WaitwatchKafka",
                "WaitwatchSimulation",
                "WaitwatchFeeds",
                "WaitwatchMLLP",
                "WaitwatchCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "Worker",
            dependencies: [
                "WaitwatchCore",
                "WaitwatchConfig",
                "WaitwatchKafka",
                "WaitwatchKafkaEmbedded",
                "WaitwatchSimulation",
                "WaitwatchCLI",
                "WaitwatchWorkerRuntime",
                "WaitwatchAnalysis",
                "WaitwatchOperations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Test support: the brute-force reference statistics, event builders, random scenarios.
        // Production code never links it.
        .target(
            name: "WaitwatchTesting",
            dependencies: ["WaitwatchCore"],
            path: "Tests/Support",
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SharedTests",
            dependencies: [
                "WaitwatchCore",
                "WaitwatchFeeds",
                "WaitwatchCLI",
                "WaitwatchConfig",
                "WaitwatchSimulation",
                "WaitwatchTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // The worker's tasks, collector and coordinators, without Kafka (a fake publisher).
        .testTarget(
            name: "WorkerRuntimeTests",
            dependencies: [
                "WaitwatchCore",
                "WaitwatchConfig",
                "WaitwatchKafka",
                "WaitwatchTesting",
                "WaitwatchWorkerRuntime",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Unit tests of the MLLP framing handlers (on NIO's EmbeddedChannel) and the ACK builder.
        .testTarget(
            name: "MLLPTests",
            dependencies: [
                "WaitwatchMLLP",
                "WaitwatchFeeds",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        // Unit tests of the analysts' views (no Kafka).
        .testTarget(
            name: "AnalysisTests",
            dependencies: ["WaitwatchCore", "WaitwatchAnalysis", "WaitwatchTesting"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "WaitwatchCore",
                "WaitwatchConfig",
                "WaitwatchKafka",
                "WaitwatchKafkaEmbedded",
                "WaitwatchSimulation",
                "WaitwatchTesting",
                "WaitwatchWorkerRuntime",
                "WaitwatchCLI",
                // DeployTests parse the Kubernetes and Compose manifests.
                .product(name: "Yams", package: "Yams"),
                // Built so that the tests can run the real executables.
                "Producer",
                "Worker",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks of the statistics engine, run by `swift package benchmark` (BENCHMARKS.md).
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                "WaitwatchCore",
                "WaitwatchSimulation",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Fuzz/, run by scripts/fuzz): only in the package when WAITWATCH_FUZZ is set,
// so that the ordinary build neither compiles them nor needs libFuzzer or lld. scripts/fuzz
// builds them in .build-fuzz with `-sanitize=fuzzer,address`.
if Context.environment["WAITWATCH_FUZZ"] != nil {
    package.targets += [
        // The one declaration of libFuzzer's driver entry point (no code, no library to link).
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .executableTarget(
            name: "WaitwatchFuzz",
            dependencies: ["CLibFuzzer", "WaitwatchCore", "WaitwatchConfig", "WaitwatchFeeds"],
            path: "Fuzz/Targets"
        ),
    ]
    package.products += [.executable(name: "waitwatch-fuzz", targets: ["WaitwatchFuzz"])]
}

// A narrower package for the sanitizer builds (scripts/sanitize): WAITWATCH_ONLY names targets
// (comma-separated, e.g. "SharedTests,AnalysisTests"), and the package keeps those and the targets
// they depend on, with the products over what is left. `swift build --build-tests` then compiles
// only what those tests need, not the whole package: each sanitizer build is a full build of its
// own. Unset (every ordinary build), the package is as declared above.
if let only = Context.environment["WAITWATCH_ONLY"], !only.isEmpty {
    let byName = Dictionary(uniqueKeysWithValues: package.targets.map { ($0.name, $0) })
    var keep = Set<String>()
    var packages = Set<String>()
    var pending = only.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }
    while let name = pending.popLast() {
        guard let target = byName[name] else {
            fatalError("WAITWATCH_ONLY names \(name), which is not a target of this package")
        }
        guard keep.insert(name).inserted else { continue }
        for dependency in target.dependencies {
            switch dependency {
            case .targetItem(let name, _), .byNameItem(let name, _):
                if byName[name] != nil { pending.append(name) }
            case .productItem(_, let packageName?, _, _):
                packages.insert(packageName.lowercased())
            default:
                break
            }
        }
        for plugin in target.plugins ?? [] {
            if case .plugin(_, let packageName?) = plugin { packages.insert(packageName.lowercased()) }
        }
    }
    package.targets = package.targets.filter { keep.contains($0.name) }
    // And only the packages those targets use (no "dependency is not used" warnings, no clones).
    package.dependencies = package.dependencies.filter { dependency in
        guard case .sourceControl(_, let location, _) = dependency.kind,
            let last = location.split(separator: "/").last
        else { return true }
        let identity = last.hasSuffix(".git") ? last.dropLast(4) : last
        return packages.contains(identity.lowercased())
    }
    package.products = package.products.filter { product in
        let targets = (product as? Product.Executable)?.targets ?? (product as? Product.Library)?.targets ?? []
        return targets.allSatisfy { keep.contains($0) }
    }
}
