import Foundation
import Testing
import Yams

/// The manifests of `deploy/`, parsed (YAML with Yams, the Dockerfile and unit as text) and held
/// against the built executables: every waitwatch command and flag they use must be one the
/// binaries have (`--help`), every variable they substitute must be defined beside it (waitwatch
/// reads no environment variable itself, so none may be set for it otherwise), no secret may be on
/// a command line, and the systemd unit must pass `systemd-analyze`.
extension DeployTests {
    /// One waitwatch command line found in a manifest.
    struct Invocation: CustomStringConvertible {
        var source: String
        var arguments: [String]
        var description: String { "\(source): \(arguments.joined(separator: " "))" }
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    static func yaml(_ path: String) throws -> [String: Any] {
        try #require(try Yams.load(yaml: text(path)) as? [String: Any], "\(path) is not a YAML mapping")
    }

    static var kubernetesFiles: [String] {
        let folder = repository.appendingPathComponent("deploy/kubernetes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "deploy/kubernetes/\($0)" }
    }

    /// Flags of `binary subcommand`, read from its `--help`; nil when there is no such subcommand.
    static func help(_ binary: String, _ subcommand: String) async throws -> String? {
        let help = try ChildProcess(binary, [subcommand, "--help"])
        return try await help.wait() == 0 ? help.stdout : nil
    }

    /// Checks each invocation's executable, subcommand and flags against the built binaries.
    static func expectExist(_ invocations: [Invocation]) async throws {
        var helps: [String: String?] = [:]
        for invocation in invocations {
            guard let first = invocation.arguments.first else { continue }
            let binary = (first as NSString).lastPathComponent
            #expect(["waitwatch-worker", "waitwatch-producer"].contains(binary), "\(invocation): not a waitwatch executable")
            guard invocation.arguments.count > 1 else { continue }
            let subcommand = invocation.arguments[1]
            if subcommand == "--help" { continue }
            let key = "\(binary) \(subcommand)"
            if helps[key] == nil { helps[key] = .some(try await help(binary, subcommand)) }
            guard let text = helps[key] ?? nil else {
                Issue.record("\(invocation): \(binary) has no subcommand \(subcommand)")
                continue
            }
            for argument in invocation.arguments.dropFirst(2) where argument.hasPrefix("--") {
                let flag = String(argument.split(separator: "=", maxSplits: 1)[0])
                let known =
                    text.contains(flag + " ") || text.contains(flag + "\n") || text.contains(flag + "/") || text.contains(flag + ",")
                #expect(known, "\(invocation): \(flag) is not a flag of \(key)")
            }
        }
    }

    /// Secret librdkafka keys must never be on a command line or in an environment file.
    static func expectNoSecret(in text: String, _ source: String) {
        for key in ["sasl.password", "ssl.key.password", "ssl.keystore.password", "sasl.oauthbearer.client.secret", "ssl.key.pem"] {
            #expect(!text.contains(key), "\(source) holds \(key): secrets belong in the --kafka-config file")
        }
    }

    /// The port of `--metrics ADDRESS:PORT` (or `--metrics=ADDRESS:PORT`) in a command line.
    static func metricsPort(_ arguments: [String]) -> Int? {
        var value: String?
        for (i, a) in arguments.enumerated() {
            if a.hasPrefix("--metrics=") { value = String(a.dropFirst("--metrics=".count)) }
            if a == "--metrics", i + 1 < arguments.count { value = arguments[i + 1] }
        }
        return value.flatMap { $0.split(separator: ":").last.flatMap { Int($0) } }
    }

    // MARK: systemd

    @Test func theSystemdUnitUsesRealFlagsDefinedVariablesAndNoSecret() async throws {
        let unit = try Self.text("deploy/systemd/waitwatch-worker@.service")
        let env = try Self.text("deploy/waitwatch.env")
        let exec = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") }).dropFirst("ExecStart=".count)
        let arguments = exec.split(separator: " ").map(String.init)
        try await Self.expectExist([Invocation(source: "systemd unit", arguments: arguments)])
        // ${VAR} is one argument; a bare $VAR is split into words by systemd.
        #expect(!arguments.contains { $0.hasPrefix("$") && !$0.hasPrefix("${") }, "ExecStart word-splits an environment variable")
        let defined = Set(
            env.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("=") }.map { String($0.split(separator: "=")[0]) })
        for argument in arguments where argument.hasPrefix("${") {
            #expect(defined.contains(String(argument.dropFirst(2).dropLast())), "\(argument) is not set in waitwatch.env")
        }
        #expect(arguments.contains("--kafka-config") && arguments.contains("%d/kafka.properties"))
        // Metrics and probes on the address the environment file gives.
        let metrics = try #require(arguments.firstIndex(of: "--metrics").map { arguments[$0 + 1] }, "the unit runs without --metrics")
        #expect(metrics == "${WAITWATCH_METRICS}")
        let address = try #require(env.split(separator: "\n").first { $0.hasPrefix("WAITWATCH_METRICS=") })
        #expect(Self.metricsPort([String("--metrics=" + address.dropFirst("WAITWATCH_METRICS=".count))]) != nil, "\(address)")
        #expect(unit.contains("LoadCredential=kafka.properties:") && unit.contains("DynamicUser=yes"))
        // The worker speaks sd_notify (SystemdNotifyTests): readiness, status and a watchdog.
        #expect(unit.contains("\nType=notify\n") && unit.contains("\nWatchdogSec="), "the unit does not use the worker's notifications")
        Self.expectNoSecret(in: String(exec), "ExecStart")
        Self.expectNoSecret(in: env, "waitwatch.env")
        #expect(!unit.contains("User=waitwatch"), "the unit names a user nobody creates")
        let logs = try Self.text("deploy/logrotate/waitwatch")
        #expect(arguments.contains { $0.hasPrefix("/var/log/waitwatch/alerts-") } && logs.contains("/var/log/waitwatch/alerts-*.log"))
    }

    /// The unit as installed, with ExecStart pointing at the built executable so that `verify`
    /// can check it exists.
    static func installableUnit() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let binary = ChildProcess.binDirectory.appendingPathComponent("waitwatch-worker").path
        let unit = try Self.text("deploy/systemd/waitwatch-worker@.service").replacingOccurrences(
            of: "/usr/local/bin/waitwatch-worker", with: binary)
        let url = directory.appendingPathComponent("waitwatch-worker@.service")
        try unit.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func systemdAnalyze(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["systemd-analyze"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func systemdAnalyzeVerifiesTheUnitAndRatesItThreeOrBelow() throws {
        let unit = try Self.installableUnit()
        let version = try Self.systemdAnalyze(["--version"])
        try #require(version.status == 0, "systemd-analyze is missing: run scripts/ensure-deps")
        let verify = try Self.systemdAnalyze(["verify", "--man=no", unit.path])
        #expect(verify.status == 0 && verify.output.isEmpty, "\(verify.output)")
        let security = try Self.systemdAnalyze(["security", "--offline=yes", unit.path])
        let line = try #require(
            security.output.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(security.output)")
        let score = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }, "\(line)")
        #expect(score <= 3.0, "\(line)")
    }

    // MARK: Dockerfile and Compose

    @Test func theDockerfileBuildsWithSwiftRunsOnSlimDebianAsANonRootUser() async throws {
        let dockerfile = try Self.text("deploy/Dockerfile")
        let lines = dockerfile.split(separator: "\n").map { String($0) }
        let stages = lines.filter { $0.hasPrefix("FROM ") }
        #expect(
            stages.count == 2 && stages[0].hasPrefix("FROM swift:") && stages[1].contains("debian:") && stages[1].contains("-slim"),
            "\(stages)")
        let runtime = lines.drop { $0 != stages.last }
        #expect(runtime.contains { $0.contains("librdkafka1") })
        let user = try #require(runtime.last { $0.hasPrefix("USER ") })
        #expect(!user.contains("root") && !user.hasPrefix("USER 0"), "\(user)")
        for product in ["waitwatch-worker", "waitwatch-producer"] {
            #expect(
                dockerfile.contains("--product \(product)")
                    && runtime.contains { $0.hasPrefix("COPY --from=build") && $0.contains(product) })
        }
        let entrypoint = try #require(lines.first { $0.hasPrefix("ENTRYPOINT ") })
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(entrypoint.dropFirst("ENTRYPOINT ".count).utf8)) as? [String])
        #expect(parsed == ["waitwatch-worker"])
        // Every file the image copies from the repository exists.
        for copy in lines where copy.hasPrefix("COPY ") && !copy.contains("--from=") {
            for source in copy.split(separator: " ").dropFirst().dropLast() {
                #expect(FileManager.default.fileExists(atPath: Self.repository.appendingPathComponent(String(source)).path), "\(copy)")
            }
        }
    }

    @Test func theComposeFileRunsKafkaInKRaftModeSetupTheSimulatorAndTwoWorkers() async throws {
        let compose = try Self.yaml("deploy/compose.yaml")
        let services = try #require(compose["services"] as? [String: [String: Any]])
        let kafka = try #require(services["kafka"])
        #expect((kafka["image"] as? String)?.hasPrefix("apache/kafka:") == true)
        let kafkaEnvironment = kafka["environment"] as? [String: Any] ?? [:]
        #expect((kafkaEnvironment["KAFKA_PROCESS_ROLES"] as? String)?.contains("controller") == true, "not KRaft")
        var invocations: [Invocation] = []
        for (name, service) in services.sorted(by: { $0.key < $1.key }) where (service["image"] as? String)?.hasPrefix("waitwatch") == true
        {
            let entrypoint = service["entrypoint"] as? [String] ?? ["waitwatch-worker"]
            let command = try #require(service["command"] as? [String], "\(name): command must be a list (no shell word-splitting)")
            invocations.append(Invocation(source: "compose \(name)", arguments: entrypoint + command))
            // The executables read no environment variable: anything set here would be ignored.
            #expect(service["environment"] == nil, "\(name) sets environment variables waitwatch does not read")
            #expect(!command.joined().contains("${"), "\(name) depends on variables from the caller's shell")
            // A worker serves its metrics and probes on the port it is told, which is the one published
            // and the one its healthcheck asks.
            if command.first == "run" {
                let port = try #require(Self.metricsPort(command), "\(name): run without --metrics 0.0.0.0:PORT")
                let ports = service["ports"] as? [String] ?? []
                #expect(ports.count == 1 && ports[0].hasSuffix(":\(port)"), "\(name): ports \(ports) do not publish \(port)")
                let check = (service["healthcheck"] as? [String: Any])?["test"] as? [String] ?? []
                let script = check.joined(separator: " ")
                #expect(script.contains("/dev/tcp/127.0.0.1/\(port)") && script.contains("GET /readyz "), "\(name): healthcheck \(check)")
                #expect(check.first == "CMD" && check.dropFirst().first == "bash", "\(name): the image has bash, not curl")
            }
            if let build = service["build"] as? [String: Any] {
                #expect(build["dockerfile"] as? String == "deploy/Dockerfile" && build["context"] as? String == "..")
            }
        }
        let subcommands = invocations.map { $0.arguments.prefix(2).joined(separator: " ") }
        #expect(subcommands.filter { $0 == "waitwatch-worker run" }.count == 2, "\(subcommands)")
        #expect(subcommands.contains("waitwatch-worker setup") && subcommands.contains("waitwatch-producer simulate"), "\(subcommands)")
        try await Self.expectExist(invocations)
    }

    // MARK: Kubernetes

    @Test func theKubernetesManifestsNameRealFlagsAndTheirOwnConfigMapAndSecret() async throws {
        let files = Self.kubernetesFiles.filter { !$0.hasSuffix("kustomization.yaml") }
        let documents = try files.map { ($0, try Self.yaml($0)) }
        let byKind = Dictionary(grouping: documents) { $0.1["kind"] as? String ?? "" }
        for kind in ["ConfigMap", "Secret", "Job", "Deployment", "PodDisruptionBudget"] {
            #expect(byKind[kind]?.count == 1, "one \(kind) expected")
        }
        let kustomization = try Self.yaml("deploy/kubernetes/kustomization.yaml")
        #expect(Set(kustomization["resources"] as? [String] ?? []) == Set(files.map { ($0 as NSString).lastPathComponent }))

        let configMap = try #require(byKind["ConfigMap"]?.first?.1)
        let configMapName = (configMap["metadata"] as? [String: Any])?["name"] as? String
        let configData = configMap["data"] as? [String: String] ?? [:]
        let secret = try #require(byKind["Secret"]?.first?.1)
        let secretName = (secret["metadata"] as? [String: Any])?["name"] as? String
        let secretData = secret["stringData"] as? [String: String] ?? [:]
        #expect(secretData["kafka.properties"] != nil)

        var invocations: [Invocation] = []
        for (file, document) in documents {
            guard let spec = document["spec"] as? [String: Any], let template = spec["template"] as? [String: Any],
                let pod = template["spec"] as? [String: Any]
            else { continue }
            let volumes = pod["volumes"] as? [[String: Any]] ?? []
            for volume in volumes {
                if let source = volume["configMap"] as? [String: Any] {
                    #expect(source["name"] as? String == configMapName, "\(file): unknown ConfigMap")
                    for item in source["items"] as? [[String: Any]] ?? [] {
                        #expect(configData[item["key"] as? String ?? ""] != nil, "\(file): the ConfigMap has no \(item)")
                    }
                }
                if let source = volume["secret"] as? [String: Any] {
                    #expect(source["secretName"] as? String == secretName, "\(file): unknown Secret")
                }
            }
            #expect(
                volumes.allSatisfy { $0["persistentVolumeClaim"] == nil && $0["emptyDir"] == nil },
                "\(file): state lives in Kafka, no volume needed")
            for container in pod["containers"] as? [[String: Any]] ?? [] {
                let arguments = (container["command"] as? [String] ?? []) + (container["args"] as? [String] ?? [])
                invocations.append(Invocation(source: file, arguments: arguments))
                let env = container["env"] as? [[String: Any]] ?? []
                let names = Set(env.compactMap { $0["name"] as? String })
                let joined = arguments.joined(separator: " ")
                for name in names {
                    // waitwatch reads no environment variable: each one exists for a $(NAME) in args.
                    #expect(joined.contains("$(\(name))"), "\(file): \(name) is set but waitwatch does not read it")
                }
                for match in joined.matches(of: /\$\(([A-Z_][A-Z0-9_]*)\)/) {
                    #expect(names.contains(String(match.1)), "\(file): $(\(match.1)) is not defined")
                }
                for variable in env {
                    if let ref = (variable["valueFrom"] as? [String: Any])?["configMapKeyRef"] as? [String: Any] {
                        #expect(
                            ref["name"] as? String == configMapName && configData[ref["key"] as? String ?? ""] != nil,
                            "\(file): \(variable)")
                    }
                }
                // Files named in args are mounted: the properties file from the Secret, the configuration from the ConfigMap.
                let mounts = container["volumeMounts"] as? [[String: Any]] ?? []
                for argument in arguments where argument.hasPrefix("--kafka-config=") || argument.hasPrefix("--config=") {
                    let path = String(argument.split(separator: "=", maxSplits: 1)[1])
                    let mount = mounts.first { path.hasPrefix(($0["mountPath"] as? String ?? "//") + "/") }
                    #expect(mount != nil, "\(file): \(path) is not on a mounted volume")
                    let fileName = (path as NSString).lastPathComponent
                    #expect(
                        argument.hasPrefix("--kafka-config=") ? secretData[fileName] != nil : configData[fileName] != nil,
                        "\(file): \(path) is not in its volume")
                }
                Self.expectNoSecret(in: joined, file)
                // The worker's metrics port is the container port named metrics, the probes ask it for
                // /healthz and /readyz, and the pod's scrape annotations name it.
                if arguments.dropFirst().first == "run" {
                    let port = try #require(Self.metricsPort(arguments), "\(file): run without --metrics=0.0.0.0:PORT")
                    let ports = container["ports"] as? [[String: Any]] ?? []
                    #expect(
                        ports.contains { $0["name"] as? String == "metrics" && $0["containerPort"] as? Int == port },
                        "\(file): no containerPort \(port) named metrics")
                    func probe(_ key: String) -> (path: String?, port: Any?) {
                        let get = (container[key] as? [String: Any])?["httpGet"] as? [String: Any]
                        return (get?["path"] as? String, get?["port"])
                    }
                    for (key, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", "/healthz")] {
                        let p = probe(key)
                        #expect(p.path == path, "\(file): \(key) must ask \(path)")
                        #expect(
                            p.port as? String == "metrics" || p.port as? Int == port,
                            "\(file): \(key) on port \(String(describing: p.port))")
                    }
                    let annotations = (template["metadata"] as? [String: Any])?["annotations"] as? [String: String] ?? [:]
                    #expect(annotations["prometheus.io/scrape"] == "true" && annotations["prometheus.io/port"] == String(port))
                    #expect(annotations["prometheus.io/path"] == "/metrics")
                }
            }
        }
        let subcommands = invocations.map { $0.arguments.prefix(2).joined(separator: " ") }
        #expect(subcommands.sorted() == ["waitwatch-worker run", "waitwatch-worker setup"], "\(subcommands)")
        try await Self.expectExist(invocations)

        // The PodDisruptionBudget selects the worker pods.
        let deployment = try #require(byKind["Deployment"]?.first?.1["spec"] as? [String: Any])
        let podLabels = ((deployment["template"] as? [String: Any])?["metadata"] as? [String: Any])?["labels"] as? [String: String] ?? [:]
        let budget = try #require(byKind["PodDisruptionBudget"]?.first?.1["spec"] as? [String: Any])
        let selector = (budget["selector"] as? [String: Any])?["matchLabels"] as? [String: String] ?? [:]
        #expect(!selector.isEmpty && selector.allSatisfy { podLabels[$0.key] == $0.value })
    }

    // MARK: The HTTP server the manifests name

    /// Every HTTP path the manifests ask of a worker (probes, healthcheck, scrape annotation).
    static func probedPaths() throws -> Set<String> {
        var paths: Set<String> = []
        for text in try [Self.text("deploy/compose.yaml")] + Self.kubernetesFiles.map({ try Self.text($0) }) {
            for match in text.matches(of: /(?:path: |GET |prometheus\.io\/path: )(\/[a-z]+)/) { paths.insert(String(match.1)) }
        }
        return paths
    }

    @Test func theProbedPathsAnswerOnARealWorkersMetricsPort() async throws {
        let paths = try Self.probedPaths()
        #expect(paths == ["/healthz", "/readyz", "/metrics"], "\(paths)")
        let cluster = try TestCluster(partitions: 2)
        let port = try LoopbackHTTP.freePort()
        let worker = try ChildProcess(
            "waitwatch-worker",
            [
                "run", "--brokers", cluster.brokers, "--live", "--session-timeout", "6000", "--metrics", "127.0.0.1:\(port)",
            ])
        defer { if worker.process.isRunning { worker.signal(SIGKILL) } }
        let base = "http://127.0.0.1:\(port)"
        _ = try await LoopbackHTTP.eventually(timeout: .seconds(120), "/healthz") { await LoopbackHTTP.get("\(base)/healthz") }
        for path in paths.sorted() {
            // /readyz may say 503 (not ready yet) but must exist; the others answer 200.
            let answer = try #require(await LoopbackHTTP.get("\(base)\(path)"), "\(path)")
            #expect(answer.status == 200 || (path == "/readyz" && answer.status == 503), "\(path): \(answer.status)")
        }
        let ready = try await LoopbackHTTP.eventually(timeout: .seconds(180), "/readyz 200") {
            await LoopbackHTTP.get("\(base)/readyz").flatMap { $0.status == 200 ? $0 : nil }
        }
        #expect(ready.status == 200)
        #expect(await LoopbackHTTP.get("\(base)/metrics")?.body.contains("waitwatch_build_info") == true)
        worker.signal(SIGTERM)
        #expect(try await worker.wait(timeout: .seconds(60)) == 0, "stderr: \(worker.stderr.suffix(2000))")
    }

    // MARK: README

    @Test func theReadmesCommandsUseRealSubcommandsAndFlags() async throws {
        var invocations: [Invocation] = []
        for path in ["deploy/README.md", "README.md"] {
            let text = try Self.text(path)
            for match in text.matches(of: /(waitwatch-(?:worker|producer)) ([a-z][a-z-]*)((?: +--?[a-z][a-z0-9.-]*(?:[ =][^ `-][^ `]*)?)*)/)
            {
                let flags = String(match.3).split(separator: " ").map(String.init)
                invocations.append(Invocation(source: path, arguments: [String(match.1), String(match.2)] + flags))
            }
        }
        #expect(invocations.count >= 8, "\(invocations)")
        try await Self.expectExist(invocations)
    }
}
