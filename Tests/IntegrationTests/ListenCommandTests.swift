import Foundation
import Testing
import WaitwatchCore
import WaitwatchKafka
import WaitwatchKafkaEmbedded

/// `waitwatch-producer listen --mllp`: a real process on the embedded cluster, real sockets.
@Suite(.serialized) struct ListenCommandTests {
    /// A REF^I12 (HL7 v2.5.1 chapter 11) for referral `referral`, control id `control`; the
    /// patient's NHS number and name are there to prove they never leave.
    static func referral(_ referral: String, control: String, service: String = "SLT", type: String = "REF^I12^REF_I12") -> String {
        "MSH|^~\\&|RIO|RAJ|WAITWATCH|NHSE|20260302091500||\(type)|\(control)|P|2.5.1\r"
            + "RF1|A|R^Routine^HL70280|\(service)^Speech and language therapy^L|||\(referral)^RAJ|20260302091500\r"
            + "PID|1||9434765919^^^NHS^NH||Fictitious^Poppy^^^Miss||20150614|F\r"
    }

    /// A running `listen` and the port it bound.
    struct Listener {
        let process: ChildProcess
        let port: Int
    }

    static func listen(_ cluster: TestCluster, _ extra: [String] = []) async throws -> Listener {
        let config = try FeedCommandTests.configuration()
        let process = try ChildProcess(
            "waitwatch-producer", ["listen", "--brokers", cluster.brokers, "--mllp", "127.0.0.1:0", "--config", config.path] + extra)
        try await process.waitForStderr(containing: "listen: accepting")
        let line = try #require(process.stderr.split(separator: "\n").first { $0.contains("listen: accepting") })
        let port = try #require(
            line.split(separator: " ").first { $0.hasPrefix("127.0.0.1:") }.flatMap { Int($0.split(separator: ":")[1]) })
        return Listener(process: process, port: port)
    }

    /// Referral ids of the events on the events topic.
    static func referralIds(_ cluster: TestCluster) async throws -> [String] {
        try await cluster.readAll(cluster.topics.events).compactMap { m in
            m.value.flatMap { try? EventDecoder().decode($0).get().referralId }
        }
    }

    func expectNoPatientData(_ text: String) {
        for value in ["9434765919", "Poppy", "Fictitious", "20150614"] { #expect(!text.contains(value), "\(value) appeared") }
    }

    @Test func eachMessageIsAcknowledgedAAOnlyOnceItsEventIsOnTheTopicAndSIGTERMDrains() async throws {
        let cluster = try TestCluster()
        let listener = try await Self.listen(cluster)
        let client = try MLLPTestClient(port: listener.port)
        for i in 1...20 {
            let ack = try client.exchange(Self.referral("R\(i)", control: "C\(i)"))
            #expect(ack.code == "AA", "\(ack)")
            #expect(ack.controlId == "C\(i)")
            #expect(ack.text.hasPrefix("MSH|^~\\&|WAITWATCH|NHSE|RIO|RAJ|"), "\(ack)")
            #expect(ack.text.contains("|ACK^I12^ACK|"))
            // AA means on the cluster: the event is there when the ACK arrives.
            if i % 5 == 0 { #expect(try await Self.referralIds(cluster).contains("R\(i)")) }
        }
        #expect(Set(try await Self.referralIds(cluster)) == Set((1...20).map { "R\($0)" }))
        let events = try await cluster.readAll(cluster.topics.events)
        let values = events.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }.joined(separator: "\n")
        #expect(values.contains("\"patientRef\":\""))
        expectNoPatientData(values)
        listener.process.signal(SIGTERM)
        #expect(try await listener.process.wait(timeout: .seconds(30)) == 0)
        #expect(
            listener.process.stderr.contains("listen: stopped: connections 1 (refused 0), AA 20, AE 0, AR 0"), "\(listener.process.stderr)")
        expectNoPatientData(listener.process.stderr)
    }

    @Test func severalSendersAtOnceEachGetTheirOwnAcksInOrder() async throws {
        let cluster = try TestCluster()
        let listener = try await Self.listen(cluster)
        let senders = 5, each = 20
        let port = listener.port
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for s in 0..<senders {
                group.addTask {
                    let client = try MLLPTestClient(port: port)
                    // Pipelined: all frames first, then the ACKs, which must come back in order.
                    for i in 0..<each { try client.send(Self.referral("S\(s)-\(i)", control: "S\(s)-\(i)")) }
                    var codes: [String] = []
                    for i in 0..<each {
                        guard let text = try client.receive() else { throw TestFailure("sender \(s) closed at \(i)") }
                        let ack = MLLPTestClient.Ack(text)
                        codes.append(ack.controlId == "S\(s)-\(i)" ? ack.code : "out of order: \(ack)")
                    }
                    return codes
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results == Array(repeating: "AA", count: senders * each))
        #expect(Set(try await Self.referralIds(cluster)).count == senders * each)
        listener.process.signal(SIGTERM)
        #expect(try await listener.process.wait(timeout: .seconds(30)) == 0)
    }

    @Test func malformedFramesAndMessagesGetARorAEAndTheConnectionSurvives() async throws {
        let cluster = try TestCluster()
        let listener = try await Self.listen(cluster, ["--max-frame-bytes", "4096"])
        let client = try MLLPTestClient(port: listener.port)
        // Garbage outside a frame: AR, nothing to echo.
        try client.write(Array("hello\r\n".utf8))
        let junk = MLLPTestClient.Ack(try #require(try client.receive()))
        #expect(junk.code == "AR" && junk.controlId == "" && junk.reason.contains("outside an MLLP frame"), "\(junk)")
        // Not HL7 inside a frame: AR.
        let notHL7 = try client.exchange("PID|1||9434765919")
        #expect(notHL7.code == "AR", "\(notHL7)")
        // An unsupported message type: AR with error 200, MSA-2 echoed.
        let adt = try client.exchange(Self.referral("R1", control: "ADT1", type: "ADT^A01^ADT_A01"))
        #expect(adt.code == "AR" && adt.controlId == "ADT1" && adt.text.contains("|200^Unsupported message type^HL70357|"), "\(adt)")
        // Content errors: AE naming the field.
        let unknown = try client.exchange(Self.referral("R2", control: "BAD2", service: "NOPE"))
        #expect(unknown.code == "AE" && unknown.controlId == "BAD2" && unknown.reason.contains("unknown service code"), "\(unknown)")
        #expect(unknown.text.contains("ERR||RF1^1^3|103^Table value not found^HL70357|E"), "\(unknown)")
        let noReferral = try client.exchange(Self.referral("", control: "BAD3"))
        #expect(noReferral.code == "AE" && noReferral.text.contains("RF1^1^6|101^Required field missing"), "\(noReferral)")
        // A frame over --max-frame-bytes: AR, discarded, framing kept.
        try client.send(Self.referral("R3", control: "BIG") + "NTE|1||" + String(repeating: "x", count: 10_000) + "\r")
        let big = MLLPTestClient.Ack(try #require(try client.receive()))
        #expect(big.code == "AR" && big.reason.contains("larger than 4096"), "\(big)")
        // A frame cut short by a new start block: AR for the cut one, AA for the next.
        try client.write([0x0B] + Array("MSH|^~\\&|RIO|RAJ".utf8))
        let good = Self.referral("R4", control: "OK4")
        try client.send(good)
        #expect(MLLPTestClient.Ack(try #require(try client.receive())).code == "AR")
        let ok = MLLPTestClient.Ack(try #require(try client.receive()))
        #expect(ok.code == "AA" && ok.controlId == "OK4", "\(ok)")
        #expect(try await Self.referralIds(cluster) == ["R4"])
        for ack in [junk, notHL7, adt, unknown, noReferral, big, ok] { expectNoPatientData(ack.text) }
        expectNoPatientData(listener.process.stderr)
        listener.process.signal(SIGTERM)
        #expect(try await listener.process.wait(timeout: .seconds(30)) == 0)
    }

    @Test func aHalfOpenOrIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
        let cluster = try TestCluster()
        let listener = try await Self.listen(cluster, ["--idle-timeout", "1"])
        let client = try MLLPTestClient(port: listener.port, timeout: .seconds(10))
        // Half a frame, then silence: the server closes (read returns end of file), no ACK.
        try client.write([0x0B] + Array("MSH|^~\\&|RIO".utf8))
        #expect(try client.receive() == nil)
        // The server still serves others.
        #expect(try MLLPTestClient(port: listener.port).exchange(Self.referral("R1", control: "C1")).code == "AA")
        listener.process.signal(SIGTERM)
        #expect(try await listener.process.wait(timeout: .seconds(30)) == 0)
    }

    @Test func aSenderNotOnTheAllowListIsRefused() async throws {
        let cluster = try TestCluster()
        let listener = try await Self.listen(cluster, ["--allow", "10.0.0.0/8"])
        let client = try MLLPTestClient(port: listener.port, timeout: .seconds(10))
        try? client.send(Self.referral("R1", control: "C1"))
        // Closed without an answer, and nothing produced.
        #expect(try client.receive() == nil)
        try await listener.process.waitForStderr(containing: "refused a connection")
        #expect(try await cluster.messageCount(cluster.topics.events) == 0)
        listener.process.signal(SIGTERM)
        #expect(try await listener.process.wait(timeout: .seconds(30)) == 0)
        #expect(listener.process.stderr.contains("connections 0 (refused 1)"))
    }

    @Test func aClusterOutageStopsAAsAndNoMessageAcknowledgedAAIsMissing() async throws {
        let cluster = try TestCluster()
        let listener = try await Self.listen(cluster, ["--ack-timeout", "3"])
        let client = try MLLPTestClient(port: listener.port, timeout: .seconds(60))
        var acknowledged: [String] = []
        var refused = 0
        var n = 0
        func send() throws -> String {
            n += 1
            let ack = try client.exchange(Self.referral("O\(n)", control: "O\(n)"))
            #expect(ack.controlId == "O\(n)")
            if ack.code == "AA" { acknowledged.append("O\(n)") } else { refused += 1 }
            return ack.code
        }
        for _ in 0..<10 { #expect(try send() == "AA") }
        for broker in 1...Int32(cluster.cluster.brokers) { try cluster.cluster.setBroker(broker, up: false) }
        // While the cluster is down: no AA (the events cannot be acknowledged), AR "resend later".
        for _ in 0..<3 {
            let code = try send()
            #expect(code == "AR")
        }
        for broker in 1...Int32(cluster.cluster.brokers) { try cluster.cluster.setBroker(broker, up: true) }
        // Back up: AAs resume.
        let deadline = ContinuousClock.now + .seconds(90)
        var recovered = 0
        while recovered < 5, ContinuousClock.now < deadline {
            if try send() == "AA" { recovered += 1 }
        }
        #expect(recovered == 5)
        #expect(refused >= 3)
        let onTopic = Set(try await Self.referralIds(cluster))
        let missing = acknowledged.filter { !onTopic.contains($0) }
        #expect(missing.isEmpty, "acknowledged AA but not on the topic: \(missing)")
        listener.process.signal(SIGTERM)
        #expect(try await listener.process.wait(timeout: .seconds(30)) == 0)
    }

    @Test func mutualTLSWithACertificateGeneratedHere() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("waitwatch-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        func openssl(_ arguments: [String]) async throws {
            let p = try ChildProcess("/usr/bin/openssl", arguments)
            #expect(try await p.wait() == 0, "openssl \(arguments.first ?? ""): \(p.stderr)")
        }
        // A CA, a server certificate for 127.0.0.1 with an encrypted key, a client certificate.
        try await openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "1", "-subj",
            "/CN=waitwatch test CA",
        ])
        try await openssl([
            "req", "-newkey", "rsa:2048", "-passout", "pass:s3cret", "-keyout", path("server.key"), "-out", path("server.csr"), "-subj",
            "/CN=127.0.0.1",
        ])
        try await openssl([
            "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial", "-out",
            path("server.pem"), "-days", "1",
        ])
        try await openssl([
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("client.key"), "-out", path("client.csr"), "-subj", "/CN=trust engine",
        ])
        try await openssl([
            "x509", "-req", "-in", path("client.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial", "-out",
            path("client.pem"), "-days", "1",
        ])
        try Data("s3cret\n".utf8).write(to: URL(fileURLWithPath: path("passphrase")))

        let cluster = try TestCluster()
        let listener = try await Self.listen(
            cluster,
            [
                "--tls-cert", path("server.pem"), "--tls-key", path("server.key"), "--tls-key-passphrase-file", path("passphrase"),
                "--tls-client-ca", path("ca.pem"),
            ])
        #expect(listener.process.stderr.contains("(mutual TLS)"))
        // openssl's own client, with the client certificate: the ACK comes back over TLS.
        let client = try ChildProcess(
            "/usr/bin/openssl",
            [
                "s_client", "-connect", "127.0.0.1:\(listener.port)", "-quiet", "-CAfile", path("ca.pem"), "-cert", path("client.pem"),
                "-key", path("client.key"),
            ], pipeStdin: true)
        try client.writeStdin(Data(([0x0B] + Array(Self.referral("T1", control: "TLS1").utf8) + [0x1C, 0x0D])))
        let deadline = ContinuousClock.now + .seconds(30)
        while !client.stdout.contains("MSA|AA|TLS1"), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(client.stdout.contains("MSA|AA|TLS1"), "stdout: \(client.stdout) stderr: \(client.stderr)")
        client.signal(SIGKILL)
        _ = try await client.wait()
        // Without a client certificate: the handshake fails, nothing is acknowledged.
        let anonymous = try ChildProcess(
            "/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(listener.port)", "-quiet", "-CAfile", path("ca.pem")], pipeStdin: true
        )
        try? anonymous.writeStdin(Data(([0x0B] + Array(Self.referral("T2", control: "TLS2").utf8) + [0x1C, 0x0D])))
        // s_client -quiet ignores end of input; give the server time to answer if it wrongly would.
        let refusedBy = ContinuousClock.now + .seconds(5)
        while anonymous.process.isRunning, ContinuousClock.now < refusedBy { try await Task.sleep(for: .milliseconds(50)) }
        anonymous.signal(SIGKILL)
        _ = try await anonymous.wait()
        #expect(!anonymous.stdout.contains("MSA|"))
        try await listener.process.waitForStderr(containing: "connection error")
        #expect(try await Self.referralIds(cluster) == ["T1"])
        listener.process.signal(SIGTERM)
        #expect(try await listener.process.wait(timeout: .seconds(30)) == 0)
    }
}
