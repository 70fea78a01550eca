import Foundation
import Testing
import WaitwatchCLI
import WaitwatchKafka

/// `--kafka-config FILE`: the properties file format, `--kafka` after it, and secrets kept off
/// command lines and out of output.
@Suite struct KafkaConfigFileTests {
    static func temporaryFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-\(UUID().uuidString).properties")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func propertiesFilesHaveKeyValueLinesCommentsAndBlankLines() throws {
        let text = "# SASL\n! also a comment\n\n  security.protocol = SASL_SSL\r\nsasl.password=p=w#rd \nsasl.username=waitwatch\n"
        let properties = try KafkaPropertiesFile.parse(text, name: "k.properties")
        #expect(properties == ["security.protocol": "SASL_SSL", "sasl.password": "p=w#rd ", "sasl.username": "waitwatch"])
    }

    @Test func aMalformedLineIsNamedByNumberWithoutItsText() throws {
        let error = try #require(throws: KafkaConfigurationError.self) {
            try KafkaPropertiesFile.parse("security.protocol=SSL\nsasl.password hunter2\n", name: "k.properties")
        }
        #expect(error.message == "k.properties:2: expected key=value")
        #expect(!error.message.contains("hunter2"))
    }

    @Test func kafkaSettingsOnTheCommandLineOverrideTheFile() throws {
        let file = try Self.temporaryFile("client.id=from-file\nsocket.timeout.ms=30000\n")
        let options = try KafkaOptions.parse(["--kafka-config", file.path, "--kafka", "client.id=from-flag"])
        let configuration = try options.configuration()
        #expect(configuration.properties == ["client.id": "from-flag", "socket.timeout.ms": "30000"])
    }

    @Test func secretsOnTheCommandLineAreNamedButNotShown() throws {
        let options = try KafkaOptions.parse([
            "--kafka", "sasl.password=hunter2", "--kafka", "ssl.key.password=k3y", "--kafka", "client.id=x",
        ])
        #expect(options.secretKeysOnCommandLine == ["sasl.password", "ssl.key.password"])
        let warning = try #require(options.secretOnCommandLineWarning)
        #expect(warning.contains("--kafka-config") && !warning.contains("hunter2") && !warning.contains("k3y"))
        #expect(try KafkaOptions.parse(["--kafka", "client.id=x"]).secretOnCommandLineWarning == nil)
    }

    @Test func theCommandsWarnOnceOnStandardErrorAboutASecretFlag() async throws {
        let setup = try ChildProcess(
            "waitwatch-worker", ["setup", "--dry-run", "--kafka", "sasl.password=hunter2", "--kafka", "security.protocol=SASL_SSL"])
        #expect(try await setup.wait() == 0, "\(setup.stderr)")
        let lines = setup.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("sasl.password") && lines[0].contains("--kafka-config"), "\(setup.stderr)")
        #expect(!setup.stderr.contains("hunter2") && !setup.stdout.contains("hunter2"))
        let producer = try ChildProcess(
            "waitwatch-producer", ["simulate", "--days", "1", "--out", "/dev/null", "--kafka", "sasl.password=hunter2"])
        #expect(try await producer.wait() == 0, "\(producer.stderr)")
        #expect(producer.stderr.contains("warning: sasl.password") && !producer.stderr.contains("hunter2"), "\(producer.stderr)")
    }

    @Test func everyPrintedFormOfASettingRedactsItsSecrets() throws {
        let configuration = KafkaConfiguration(
            brokers: "b1:9092", properties: ["sasl.password": "hunter2", "SSL.Key.Password ": "k3y", "sasl.username": "waitwatch"])
        var dumped = ""
        dump(configuration, to: &dumped)
        let forms = [
            String(describing: configuration), String(reflecting: configuration), dumped,
            String(describing: KafkaProducerConfiguration(kafka: configuration)), "\([configuration])",
        ]
        for form in forms {
            #expect(!form.contains("hunter2") && !form.contains("k3y"), "\(form)")
            #expect(form.contains("<redacted>") && form.contains("sasl.username") && form.contains("waitwatch"), "\(form)")
        }
        // What is given to librdkafka is the secret itself.
        #expect(configuration.properties["sasl.password"] == "hunter2")
    }

    /// swift-service-lifecycle logs the services it runs at debug level; the worker's debug log
    /// must still hold no secret from the properties file.
    @Test func aWorkerAtDebugLevelLogsNoSecret() async throws {
        let cluster = try TestCluster(brokers: 1, partitions: 2)
        let file = try Self.temporaryFile("sasl.password=hunter2-debug\nsecurity.protocol=plaintext\n")
        let worker = try ChildProcess(
            "waitwatch-worker", ["run", "--brokers", cluster.brokers, "--kafka-config", file.path, "--log-level", "debug", "--live"])
        try await worker.waitForStderr(containing: "waitwatch worker starting")
        worker.signal(SIGTERM)
        #expect(try await worker.wait(timeout: .seconds(60)) == 0, "\(worker.stderr.suffix(2000))")
        #expect(worker.stderr.contains("WorkerService(group: waitwatch"), "\(worker.stderr.prefix(3000))")
        #expect(!worker.stderr.contains("hunter2") && !worker.stdout.contains("hunter2"), "\(worker.stderr.prefix(3000))")
    }

    @Test func aSecretLibrdkafkaRefusesIsNotQuoted() async throws {
        // ssl.key.pem is refused without a matching certificate; the error must not quote it.
        let file = try Self.temporaryFile("ssl.key.pem=not-a-key-hunter2\nsecurity.protocol=SSL\n")
        let setup = try ChildProcess("waitwatch-worker", ["setup", "--check", "--brokers", "127.0.0.1:1", "--kafka-config", file.path])
        let status = try await setup.wait()
        #expect(status != 0)
        #expect(!setup.stderr.contains("hunter2") && !setup.stdout.contains("hunter2"), "\(setup.stderr)")
    }

    @Test func theFileReachesLibrdkafkaAndTheFlagWinsOverIt() async throws {
        let cluster = try TestCluster(brokers: 1, partitions: 2)
        let file = try Self.temporaryFile("# a bad value librdkafka refuses\nsocket.timeout.ms=soon\n")
        let refused = try ChildProcess(
            "waitwatch-worker", ["setup", "--check", "--brokers", cluster.brokers, "--partitions", "2", "--kafka-config", file.path])
        #expect(try await refused.wait() != 0)
        #expect(refused.stderr.contains("socket.timeout.ms"), "\(refused.stderr)")
        let overridden = try ChildProcess(
            "waitwatch-worker",
            [
                "setup", "--check", "--brokers", cluster.brokers, "--partitions", "2", "--kafka-config", file.path, "--kafka",
                "socket.timeout.ms=30000",
            ])
        #expect(try await overridden.wait() == 0, "\(overridden.stdout)\(overridden.stderr)")
        #expect(overridden.stdout.contains("ok      referral-events"))
    }

    @Test func aMissingFileIsOneLine() async throws {
        let setup = try ChildProcess("waitwatch-worker", ["setup", "--dry-run", "--kafka-config", "/nonexistent/kafka.properties"])
        #expect(try await setup.wait() != 0)
        let lines = setup.stderr.split(separator: "\n").filter { !$0.hasPrefix("Usage") && !$0.hasPrefix("  See") && !$0.isEmpty }
        #expect(lines.count == 1 && lines[0].contains("/nonexistent/kafka.properties"), "\(setup.stderr)")
    }
}
