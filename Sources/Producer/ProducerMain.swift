import ArgumentParser
import WaitwatchCore
import WaitwatchConfig
import WaitwatchKafka
import WaitwatchSimulation
import WaitwatchCLI

@main
struct ProducerMain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waitwatch-producer",
        abstract: "Put referral and appointment events into Kafka.",
        version: WaitwatchVersion.current,
        subcommands: [SendCommand.self, CheckCommand.self, ListenCommand.self, SimulateCommand.self]
    )

    /// Makes writing output safe (no SIGPIPE, closed streams reopened on /dev/null), then runs.
    static func main() {
        StandardStreams.prepare()
        main(nil)
    }
}
